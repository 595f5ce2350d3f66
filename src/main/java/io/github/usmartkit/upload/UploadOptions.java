package io.github.usmartkit.upload;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.args.Args;

import io.github.usmartkit.progress.ProgressListener;

/**
 * Options of one upload, immutable: {@code UploadOptions.defaults().fileName("air.csv").allowEmpty(true)}.
 *
 * @param fileName   the name to show in uSmart instead of the file's base name (a name, not a path), or null
 * @param allowEmpty whether an empty file may be published
 * @param progress   progress callback, or null for the default (a console bar for big files in a terminal/JShell)
 */
public record UploadOptions(String fileName, boolean allowEmpty, ProgressListener progress) {

    public UploadOptions {
        if (fileName != null && fileName.isBlank()) {
            throw new BadRequestException(Failure.of("upload", null, "the fileName is blank", "Give a name like \"air-quality.csv\", or leave it unset to use the file's own name"));
        }
        if (fileName != null) {
            fileName = Args.fileName(fileName, "upload", null);
        }
    }

    /** Base name, empty files refused, default progress. */
    public static UploadOptions defaults() {
        return new UploadOptions(null, false, null);
    }

    /** The name shown in uSmart (its extension decides the content type). */
    public UploadOptions fileName(String name) {
        return new UploadOptions(name, allowEmpty, progress);
    }

    /** Allow (or refuse) publishing an empty file. */
    public UploadOptions allowEmpty(boolean allow) {
        return new UploadOptions(fileName, allow, progress);
    }

    /** Receive progress (bytes) of the upload. */
    public UploadOptions progress(ProgressListener listener) {
        return new UploadOptions(fileName, allowEmpty, listener);
    }
}

package io.github.usmartkit.upload;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.args.Args;

import io.github.usmartkit.progress.ProgressListener;

/**
 * Options of one upload, immutable: {@code UploadOptions.defaults().fileName("air.csv").allowEmpty(true)}.
 *
 * @param fileName          the name to show in uSmart (a name, not a path), or null: {@code add} names the file by its
 *                          local base name, {@code replace} keeps the file's current name
 * @param allowEmpty        whether an empty file may be published
 * @param progress          progress callback, or null for the default ({@link ProgressListener#auto()})
 * @param allowSchemaChange whether a replace may change the columns a published pipeline serves
 * @param force             whether to upload even when the file equals the current revision (same MD5 and size)
 */
public record UploadOptions(String fileName, boolean allowEmpty, ProgressListener progress, boolean allowSchemaChange,
                            boolean force) {

    public UploadOptions {
        if (fileName != null && fileName.isBlank()) {
            throw new BadRequestException(Failure.of("upload", null, "the fileName is blank", "Give a name like \"air-quality.csv\", or leave it unset to use the file's own name"));
        }
        if (fileName != null) {
            fileName = Args.fileName(fileName, "upload", null);
        }
    }

    /** Options without the schema and unchanged-file switches (both off). */
    public UploadOptions(String fileName, boolean allowEmpty, ProgressListener progress) {
        this(fileName, allowEmpty, progress, false, false);
    }

    /** Names kept (base name for a new file), empty files refused, schema changes refused, unchanged files not re-sent, default progress. */
    public static UploadOptions defaults() {
        return new UploadOptions(null, false, null, false, false);
    }

    /** The name shown in uSmart (its extension decides the content type); for a replace, a rename on purpose. */
    public UploadOptions fileName(String name) {
        return new UploadOptions(name, allowEmpty, progress, allowSchemaChange, force);
    }

    /** Allow (or refuse) publishing an empty file. */
    public UploadOptions allowEmpty(boolean allow) {
        return new UploadOptions(fileName, allow, progress, allowSchemaChange, force);
    }

    /** Receive progress (bytes) of the upload (and, in {@code publish}, of the processing). */
    public UploadOptions progress(ProgressListener listener) {
        return new UploadOptions(fileName, allowEmpty, listener, allowSchemaChange, force);
    }

    /**
     * Allow a replace whose columns differ from what a published pipeline serves (added, removed,
     * renamed, or a numeric column now holding text); refused with a {@code SchemaChangeException} otherwise.
     */
    public UploadOptions allowSchemaChange(boolean allow) {
        return new UploadOptions(fileName, allowEmpty, progress, allow, force);
    }

    /** Upload even when the file equals the current revision (same MD5 and size); otherwise nothing is sent and the result says {@code unchanged}. */
    public UploadOptions force(boolean upload) {
        return new UploadOptions(fileName, allowEmpty, progress, allowSchemaChange, upload);
    }
}

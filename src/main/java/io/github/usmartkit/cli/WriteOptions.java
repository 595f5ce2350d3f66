package io.github.usmartkit.cli;

import io.github.usmartkit.upload.UploadOptions;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --dry-run}, {@code --allow-schema-change}, {@code --force}: how a command that writes may write. */
final class WriteOptions {

    @Option(names = "--dry-run", description = "Make the reads and checks, print the writes that would be made; send none.")
    boolean dryRun;

    @Option(names = "--allow-schema-change", description = "Replace even when the columns differ from what a published pipeline serves.")
    boolean allowSchemaChange;

    @Option(names = "--force", description = "Upload even when the file equals the current revision (same MD5 and size).")
    boolean force;

    /** The upload options these switches make, with {@code progress}. */
    UploadOptions upload(io.github.usmartkit.progress.ProgressListener progress) {
        return UploadOptions.defaults().allowSchemaChange(allowSchemaChange).force(force).progress(progress);
    }

    /** The default wait for processing, when a command waits unless told otherwise. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);
}

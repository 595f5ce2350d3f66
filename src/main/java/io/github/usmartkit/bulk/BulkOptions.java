package io.github.usmartkit.bulk;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.progress.ProgressListener;

import java.time.Duration;

/**
 * Options of a bulk run, immutable: {@code BulkOptions.defaults().concurrency(2).timeout(Duration.ofMinutes(30))}.
 *
 * @param concurrency       how many lines upload at once (1 to 64)
 * @param timeout           how long to wait, per dataset, for its pipelines to process
 * @param allowSchemaChange whether a replace may change the columns a published pipeline serves
 * @param force             whether to upload files equal to their current revision anyway
 * @param progress          receives the run's progress: {@code update("bulk NAME", linesDone, lines)}, a
 *                          {@code stage} per line's outcome and per pipeline status change; null for
 *                          {@link ProgressListener#auto()}
 */
public record BulkOptions(int concurrency, Duration timeout, boolean allowSchemaChange, boolean force, ProgressListener progress) {

    /** Lines uploading at once unless told otherwise. */
    public static final int DEFAULT_CONCURRENCY = 4;

    public BulkOptions {
        if (concurrency < 1 || concurrency > 64) {
            throw new BadRequestException(Failure.of("bulk", null, "concurrency " + concurrency + " is not between 1 and 64",
                    "Give e.g. BulkOptions.defaults().concurrency(4)"));
        }
        if (timeout == null || timeout.isNegative()) {
            throw new BadRequestException(Failure.of("bulk", null, "timeout " + timeout + " is not a duration of zero or more",
                    "Give e.g. Duration.ofMinutes(10)"));
        }
    }

    /** Four lines at once, ten minutes' wait per dataset, schema changes refused, unchanged files not re-sent. */
    public static BulkOptions defaults() {
        return new BulkOptions(DEFAULT_CONCURRENCY, Duration.ofMinutes(10), false, false, null);
    }

    /** How many lines upload at once. */
    public BulkOptions concurrency(int n) {
        return new BulkOptions(n, timeout, allowSchemaChange, force, progress);
    }

    /** How long to wait, per dataset, for processing. */
    public BulkOptions timeout(Duration d) {
        return new BulkOptions(concurrency, d, allowSchemaChange, force, progress);
    }

    /** Allow (or refuse) replaces that change the published columns. */
    public BulkOptions allowSchemaChange(boolean allow) {
        return new BulkOptions(concurrency, timeout, allow, force, progress);
    }

    /** Upload even files equal to their current revision. */
    public BulkOptions force(boolean upload) {
        return new BulkOptions(concurrency, timeout, allowSchemaChange, upload, progress);
    }

    /** Where the run's progress goes ({@link ProgressListener#none()} for nowhere). */
    public BulkOptions progress(ProgressListener listener) {
        return new BulkOptions(concurrency, timeout, allowSchemaChange, force, listener);
    }
}

package io.github.usmartkit.error;

import io.github.usmartkit.model.RefreshResults;

/**
 * Refreshing some of a dataset's pipelines failed (others may have been queued). {@link #what()}
 * lists each pipeline's outcome; {@link #results()} holds them as a table.
 */
public class RefreshFailedException extends USmartException {

    private final transient RefreshResults results;

    public RefreshFailedException(Failure failure, Throwable cause, RefreshResults results) {
        super(failure, cause);
        this.results = results;
    }

    /** The per-pipeline results: which were queued and which failed, and why. */
    public RefreshResults results() {
        return results;
    }
}

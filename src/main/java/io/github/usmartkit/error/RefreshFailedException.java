package io.github.usmartkit.error;

/**
 * Refreshing some of a dataset's pipelines failed (others may have been queued). The message
 * lists each pipeline's outcome; {@link #results()} holds them as a table-friendly object.
 */
public class RefreshFailedException extends USmartException {

    private final transient Object results;

    public RefreshFailedException(String message, Failure failure, Throwable cause, Object results) {
        super(message, failure, cause);
        this.results = results;
    }

    /** The per-pipeline results ({@code io.github.usmartkit.model.RefreshResults}). */
    public Object results() {
        return results;
    }
}

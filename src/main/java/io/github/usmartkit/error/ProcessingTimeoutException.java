package io.github.usmartkit.error;

/**
 * Waiting for pipelines to finish processing took longer than allowed. The message names the
 * pipelines still pending and their status.
 */
public class ProcessingTimeoutException extends USmartException {

    public ProcessingTimeoutException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

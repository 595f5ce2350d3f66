package io.github.usmartkit.error;

/** Waiting for pipelines to finish processing took longer than allowed; {@link #what()} names the pipelines still pending and their status. */
public class ProcessingTimeoutException extends USmartException {

    public ProcessingTimeoutException(Failure failure) {
        super(failure, null);
    }

    public ProcessingTimeoutException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

package io.github.usmartkit.error;

/** The service failed (HTTP 5xx), answered something that is not the expected JSON, or did not finish in time. */
public class ServiceException extends USmartException {

    public ServiceException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

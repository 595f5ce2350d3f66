package io.github.usmartkit.error;

/** The service failed (HTTP 5xx), answered something that is not what the contract promises (HTML, empty, not a dataset), or did not finish in time. */
public class ServiceException extends USmartException {

    public ServiceException(Failure failure) {
        super(failure, null);
    }

    public ServiceException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

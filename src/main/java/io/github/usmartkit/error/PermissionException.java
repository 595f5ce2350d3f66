package io.github.usmartkit.error;

/** The keys are valid but not allowed (HTTP 403): role too low or another organisation. */
public class PermissionException extends USmartException {

    public PermissionException(Failure failure) {
        super(failure, null);
    }

    public PermissionException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

package io.github.usmartkit.error;

/** The keys are valid but not allowed (HTTP 403): role too low or another organisation. */
public class PermissionException extends USmartException {

    public PermissionException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

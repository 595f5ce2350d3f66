package io.github.usmartkit.error;

/** The keys were refused (HTTP 401): wrong or regenerated key id/secret. */
public class AuthenticationException extends USmartException {

    public AuthenticationException(Failure failure) {
        super(failure, null);
    }

    public AuthenticationException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

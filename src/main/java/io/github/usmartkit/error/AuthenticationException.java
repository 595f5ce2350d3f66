package io.github.usmartkit.error;

/** The keys were refused (HTTP 401): wrong or regenerated key id/secret. */
public class AuthenticationException extends USmartException {

    public AuthenticationException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

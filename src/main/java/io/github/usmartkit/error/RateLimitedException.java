package io.github.usmartkit.error;

/** The service asked us to slow down (HTTP 429) and retries ran out. */
public class RateLimitedException extends USmartException {

    public RateLimitedException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

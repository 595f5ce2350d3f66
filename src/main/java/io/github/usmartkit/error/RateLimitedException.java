package io.github.usmartkit.error;

/** The service asked us to slow down (HTTP 429) and retries ran out; {@link #retryAfter()} says how long it asked to wait. */
public class RateLimitedException extends USmartException {

    public RateLimitedException(Failure failure) {
        super(failure, null);
    }

    public RateLimitedException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

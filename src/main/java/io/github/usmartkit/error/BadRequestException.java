package io.github.usmartkit.error;

/** The service refused the request as invalid (HTTP 400): a missing or malformed field, an unknown pipeline, a bad upload reference. */
public class BadRequestException extends USmartException {

    public BadRequestException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

package io.github.usmartkit.error;

/** The request is invalid: refused by the service (HTTP 400: a missing or malformed field, an unknown pipeline, a bad upload reference) or by the kit before any call (a malformed GUID, an empty name, a null argument). */
public class BadRequestException extends USmartException {

    public BadRequestException(Failure failure) {
        super(failure, null);
    }

    public BadRequestException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

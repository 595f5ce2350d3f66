package io.github.usmartkit.error;

/** Something named in the call does not exist (HTTP 404): organisation, dataset, file, container or action. */
public class NotFoundException extends USmartException {

    public NotFoundException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

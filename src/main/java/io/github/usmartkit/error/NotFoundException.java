package io.github.usmartkit.error;

/** Something named in the call does not exist (HTTP 404): organisation, dataset, file, container or action. */
public class NotFoundException extends USmartException {

    public NotFoundException(Failure failure) {
        super(failure, null);
    }

    public NotFoundException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

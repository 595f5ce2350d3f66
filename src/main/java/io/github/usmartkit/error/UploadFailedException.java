package io.github.usmartkit.error;

/** The file could not be uploaded: refused before any call (missing, empty, too big, unreadable) or by the object store; nothing was registered. */
public class UploadFailedException extends USmartException {

    public UploadFailedException(Failure failure) {
        super(failure, null);
    }

    public UploadFailedException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

package io.github.usmartkit.error;

/**
 * The file could not be put into the object store (or was refused before asking for a URL:
 * missing, empty, too big). Nothing was registered: the dataset is unchanged.
 */
public class UploadFailedException extends USmartException {

    public UploadFailedException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

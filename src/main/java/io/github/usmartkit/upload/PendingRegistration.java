package io.github.usmartkit.upload;

/**
 * An uploaded object waiting to be registered in a dataset: a new file (when {@link #fileGuid()}
 * is null) or a new revision of that file. Plain data: pass it to {@code dataset.register(..)}.
 *
 * @param datasetGuid the dataset
 * @param fileGuid    the file to replace, or null to add a new file
 * @param reference   the object store reference returned by {@code s3:generatePutRequest}
 * @param fileName    the name to register
 * @param fileSize    the uploaded size in bytes
 * @param md5         the MD5 (hex) of the bytes uploaded, or null if unknown
 */
public record PendingRegistration(String datasetGuid, String fileGuid, String reference, String fileName,
                                  long fileSize, String md5) {

    /** {@code file:create} or {@code file:updateRevision}. */
    public String action() {
        return fileGuid == null ? "file:create" : "file:updateRevision";
    }

    @Override
    public String toString() {
        return (fileGuid == null ? "file:create" : "file:updateRevision of " + fileGuid)
                + " in dataset " + datasetGuid + " for " + fileName + " (" + fileSize
                + " bytes, reference " + reference + ")";
    }
}

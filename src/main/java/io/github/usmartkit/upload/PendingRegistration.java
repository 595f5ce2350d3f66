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
 * @param revisionBefore for a replace: the file's revision when the kit looked before uploading, or null
 * @param filesBefore    for an add: the dataset's file GUIDs when the kit looked before uploading, or null;
 *                       with these the kit tells its own registration from anyone else's
 */
public record PendingRegistration(String datasetGuid, String fileGuid, String reference, String fileName,
                                  long fileSize, String md5, Long revisionBefore, java.util.List<String> filesBefore) {

    public PendingRegistration {
        filesBefore = filesBefore == null ? null : java.util.List.copyOf(filesBefore);
    }

    /** A registration without the state seen before the upload (the kit then cannot tell a landed one by its newness). */
    public PendingRegistration(String datasetGuid, String fileGuid, String reference, String fileName, long fileSize, String md5) {
        this(datasetGuid, fileGuid, reference, fileName, fileSize, md5, null, null);
    }

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

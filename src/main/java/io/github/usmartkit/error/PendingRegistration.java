package io.github.usmartkit.error;

import java.util.function.Supplier;

/**
 * An uploaded object waiting to be registered in a dataset: a new file (when
 * {@link #fileGuid()} is null) or a new revision of that file.
 *
 * @param datasetGuid the dataset
 * @param fileGuid    the file to replace, or null to add a new file
 * @param reference   the object store reference returned by {@code s3:generatePutRequest}
 * @param fileName    the name to register
 * @param fileSize    the uploaded size in bytes
 * @param retryCall   performs the register call again; returns the file GUID
 */
public record PendingRegistration(String datasetGuid, String fileGuid, String reference,
                                  String fileName, long fileSize, Supplier<String> retryCall) {

    /**
     * Performs the register call again ({@code dataset:view}, then {@code file:create} or
     * {@code file:updateRevision}) and returns the file's GUID.
     *
     * @throws RegistrationFailedException if it fails again
     */
    public String retry() {
        return retryCall.get();
    }

    @Override
    public String toString() {
        return (fileGuid == null ? "file:create" : "file:updateRevision of " + fileGuid)
                + " in dataset " + datasetGuid + " for " + fileName + " (" + fileSize
                + " bytes, reference " + reference + ")";
    }
}

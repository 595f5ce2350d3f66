package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Bytes;

import java.time.Instant;

/**
 * A write a dry-run session did not send (a row of a {@link Plan}).
 *
 * @param time                  when it was planned
 * @param action                the action, e.g. {@code file:updateRevision}, or {@code PUT} for an upload
 * @param datasetGuid           the dataset, or null
 * @param fileGuid              the file, or null (a new file)
 * @param resourceContainerGuid the pipeline, or null
 * @param fileName              the file name it would register, or null
 * @param bytes                 the bytes it would upload, or null
 * @param md5                   the MD5 (hex) of those bytes, or null
 * @param schemaCheck           the schema check's verdict, or null when none applies
 * @param note                  anything else worth knowing, or null
 */
public record PlannedWrite(Instant time, String action, String datasetGuid, String fileGuid, String resourceContainerGuid,
                           String fileName, Long bytes, String md5, String schemaCheck, String note) {

    /** One line: {@code would file:updateRevision file … (air.csv, 9.2 KB, md5 …); schema: …}. */
    public String toText() {
        StringBuilder sb = new StringBuilder("would ").append(action);
        if (resourceContainerGuid != null) {
            sb.append(" pipeline ").append(resourceContainerGuid);
        }
        if (fileGuid != null) {
            sb.append(" file ").append(fileGuid);
        }
        if (datasetGuid != null) {
            sb.append(" in dataset ").append(datasetGuid);
        }
        if (fileName != null || bytes != null) {
            sb.append(" (").append(fileName == null ? "" : fileName)
                    .append(bytes == null ? "" : (fileName == null ? "" : ", ") + Bytes.format(bytes))
                    .append(md5 == null ? "" : ", md5 " + md5).append(')');
        }
        if (schemaCheck != null) {
            sb.append("; schema: ").append(schemaCheck);
        }
        if (note != null) {
            sb.append("; ").append(note);
        }
        return sb.toString();
    }
}

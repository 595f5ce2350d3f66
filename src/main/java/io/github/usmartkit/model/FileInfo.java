package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.internal.render.Columns;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A file of a dataset, as {@code dataset:view} describes it. Fields other than the GUID and name
 * are assumptions about the service and may be null.
 *
 * @param fileGuid    the file's GUID (use it with {@code replace(fileGuid, path)})
 * @param fileName    the name shown in uSmart
 * @param fileSize    size in bytes, or null
 * @param contentType media type, or null
 * @param revision    revision number, or null
 * @param lastUpdated when it last changed (as the service wrote it), or null
 * @param md5         MD5 hex of the content, or null
 * @param reference   the object store reference of the upload this revision was registered from,
 *                    or null (assumption: the sandbox does not report it; when a service does, the
 *                    kit tells its own writes by it)
 */
public record FileInfo(
        @JsonProperty("fileGUID") @JsonAlias({"fileGuid", "GUID", "guid", "id"}) String fileGuid,
        @JsonProperty("fileName") @JsonAlias({"filename", "name", "title"}) String fileName,
        @JsonProperty("fileSize") @JsonAlias({"size", "byteSize"}) Long fileSize,
        @JsonProperty("contentType") @JsonAlias({"mediaType", "mimeType"}) String contentType,
        @JsonProperty("revision") @JsonAlias("version") Long revision,
        @JsonProperty("lastUpdated") @JsonAlias({"updated", "modified", "lastModified"}) String lastUpdated,
        @JsonProperty("md5") @JsonAlias("checksum") String md5,
        @JsonProperty("reference") @JsonAlias({"objectKey", "s3Key"}) String reference) {

    /** A file as the service describes it, without a reference. */
    public FileInfo(String fileGuid, String fileName, Long fileSize, String contentType, Long revision, String lastUpdated, String md5) {
        this(fileGuid, fileName, fileSize, contentType, revision, lastUpdated, md5, null);
    }

    /** The columns of a files table: every view of files shows these. */
    static final Columns<FileInfo> COLUMNS = Columns.<FileInfo>of()
            .text("fileGUID", FileInfo::fileGuid)
            .text("fileName", FileInfo::fileName)
            .bytes("size", FileInfo::fileSize)
            .number("revision", FileInfo::revision)
            .text("updated", FileInfo::lastUpdated)
            .text("contentType", FileInfo::contentType);

    @Override
    public String toString() {
        return fileName + " (" + fileGuid + (revision == null ? "" : ", revision " + revision)
                + (fileSize == null ? "" : ", " + Bytes.format(fileSize)) + ")";
    }
}

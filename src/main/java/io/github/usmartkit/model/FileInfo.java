package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

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
 */
public record FileInfo(String fileGuid, String fileName, Long fileSize, String contentType, Long revision,
                       String lastUpdated, String md5) {

    /** The columns of a files table: every view of files shows these. */
    static final Columns<FileInfo> COLUMNS = Columns.<FileInfo>of()
            .text("fileGUID", FileInfo::fileGuid)
            .text("fileName", FileInfo::fileName)
            .bytes("size", FileInfo::fileSize)
            .number("revision", FileInfo::revision)
            .text("updated", FileInfo::lastUpdated)
            .text("contentType", FileInfo::contentType);

    /** Reads a file object, tolerating other key names. */
    public static FileInfo of(JsonNode n) {
        return new FileInfo(
                Json.text(n, "fileGUID", "fileGuid", "GUID", "guid", "id"),
                Json.text(n, "fileName", "filename", "name", "title"),
                Json.number(n, "fileSize", "size", "byteSize"),
                Json.text(n, "contentType", "mediaType", "mimeType"),
                Json.number(n, "revision", "version"),
                Json.text(n, "lastUpdated", "updated", "modified", "lastModified"),
                Json.text(n, "md5", "checksum"));
    }

    @Override
    public String toString() {
        return fileName + " (" + fileGuid + (revision == null ? "" : ", revision " + revision)
                + (fileSize == null ? "" : ", " + Bytes.format(fileSize)) + ")";
    }
}

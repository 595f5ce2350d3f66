package io.github.usmartkit.upload;

/**
 * The outcome of a successful presigned PUT.
 *
 * @param status      the HTTP status (2xx)
 * @param etag        the {@code ETag} answered, unquoted, or null
 * @param md5         the MD5 (hex) of the bytes sent, computed while streaming
 * @param bytes       bytes sent
 * @param etagMatches whether the ETag equals the MD5; null when it cannot tell (no ETag, or a
 *                    multipart/KMS ETag that is not an MD5)
 */
public record PutResult(int status, String etag, String md5, long bytes, Boolean etagMatches) {
}

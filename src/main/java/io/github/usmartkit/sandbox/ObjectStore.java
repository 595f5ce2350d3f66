package io.github.usmartkit.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code PUT /s3/{bucket}/{key}?X-Usmart-Expires=…&X-Usmart-Signature=…}: a presigned PUT that
 * behaves like S3's. The body streams to a temp file (MD5 computed on the way) and becomes an
 * immutable blob; the key then points at it. Nothing is held in memory but a 256 KiB buffer.
 */
final class ObjectStore {
    /**
     * After the body timeout, an upload goes on only while it averages this rate (128 kbit/s):
     * a slow link gets through, a client trickling a byte now and then does not hold a thread.
     */
    static final long MIN_UPLOAD_RATE = 16 * 1024;

    /** How much of an upload's body is gathered before each write to its file. */
    static final int RECEIVE_BUFFER = 256 * 1024;

    private final SandboxServer server;

    ObjectStore(SandboxServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex, String rawPath) throws IOException {
        SandboxFaults.Fault after = server.injectFault(ex, "PUT");
        if (after == null) {
            String md5hex = put(ex, rawPath);
            ex.getResponseHeaders().set("ETag", "\"" + md5hex + "\"");
            ex.sendResponseHeaders(200, -1);
            return;
        }
        try {
            put(ex, rawPath);
        } catch (ApiError refused) {
            // a lost answer is lost whatever it said; a refused PUT stored nothing
        }
        server.loseAnswer(ex, "PUT", after);
    }

    /** Checks and stores the object (committed when this returns); returns its MD5 in hex. */
    private String put(HttpExchange ex, String rawPath) throws IOException {
        if (!ex.getRequestMethod().equals("PUT")) {
            ex.getResponseHeaders().set("Allow", "PUT");
            throw new ApiError(405, "MethodNotAllowed", "The specified method is not allowed against this resource: the sandbox's object store takes presigned PUTs only");
        }
        String prefix = "/s3/" + ControlPlane.BUCKET + "/";
        if (!rawPath.startsWith(prefix) || rawPath.length() == prefix.length()) {
            throw new ApiError(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        String key = Exchanges.decode(rawPath.substring(prefix.length()));
        Map<String, String> q = Exchanges.params(ex.getRequestURI().getRawQuery());
        String expiresText = q.get("X-Usmart-Expires");
        String signature = q.get("X-Usmart-Signature");
        if (expiresText == null || signature == null) {
            throw new ApiError(403, "AccessDenied", "Query-string authentication requires the X-Usmart-Signature and X-Usmart-Expires parameters");
        }
        long expires;
        try {
            expires = Long.parseLong(expiresText);
        } catch (NumberFormatException e) {
            throw new ApiError(403, "AccessDenied", "Invalid date (X-Usmart-Expires must be epoch seconds)");
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (!server.signer.verify("PUT", contentType == null ? "" : contentType, expires, "/s3/" + ControlPlane.BUCKET + "/" + key, signature)) {
            throw new ApiError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. "
                    + "Send exactly the Content-Type that s3:generatePutRequest returned (got " + (contentType == null ? "none" : "'" + contentType + "'") + ")");
        }
        if (Instant.now().getEpochSecond() > expires) {
            throw new ApiError(403, "AccessDenied", "Request has expired");
        }
        String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
        if (te != null && te.toLowerCase().contains("chunked")) {
            throw new ApiError(501, "NotImplemented", "A header you provided implies functionality that is not implemented: Transfer-Encoding chunked; send Content-Length");
        }
        String lengthText = ex.getRequestHeaders().getFirst("Content-Length");
        if (lengthText == null) {
            throw new ApiError(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
        }
        long length;
        try {
            length = Long.parseLong(lengthText.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "InvalidArgument", "Content-Length is not a number");
        }
        if (length > server.config.maxObjectBytes()) {
            throw new ApiError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size of "
                    + server.config.maxObjectBytes() + " bytes (" + length + " sent)");
        }
        return receive(ex, key, contentType, length);
    }

    private String receive(HttpExchange ex, String key, String contentType, long length) throws IOException {
        Path tmp = server.store.newTempFile();
        boolean committed = false;
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long received = 0;
            // the bound is closed last, so that closing the body (the JDK drains what is left) is bounded too
            try (Workers.Bound bound = Workers.reading("body", server.config.bodyTimeout(), MIN_UPLOAD_RATE);
                 InputStream in = ex.getRequestBody(); OutputStream out = new FileOutputStream(tmp.toFile())) {
                // The JDK's server hands the body over 8 KiB at a time (its ReadStream reads no more from
                // the socket); the buffer is filled before it goes to the disk and the MD5, so that a
                // GiB is 4,096 writes rather than 131,072 (issue 13: a third of the receiving CPU). A
                // FileOutputStream, not an NIO stream: NIO would keep a 256 KiB direct buffer per thread.
                byte[] buf = new byte[RECEIVE_BUFFER];
                int filled = 0;
                int n;
                try {
                    while ((n = in.read(buf, filled, buf.length - filled)) > 0) {
                        filled += n;
                        received += n;
                        bound.progress(received);
                        if (filled == buf.length) {
                            out.write(buf, 0, filled);
                            md5.update(buf, 0, filled);
                            filled = 0;
                        }
                    }
                } catch (IOException cut) {
                    // the client closed the connection mid-body; reported below as IncompleteBody
                }
                out.write(buf, 0, filled);
                md5.update(buf, 0, filled);
            }
            if (received != length) {
                throw new ApiError(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header ("
                        + received + " of " + length + ")");
            }
            String md5hex = HexFormat.of().formatHex(md5.digest());
            String blob = server.store.newBlobName();
            server.store.commitBlob(tmp, blob, s -> {
                State.StoredObject o = new State.StoredObject();
                o.key = key;
                o.blob = blob;
                o.size = length;
                o.md5 = md5hex;
                o.contentType = contentType;
                o.uploaded = SandboxStore.now();
                s.objects.put(key, o);
                return null;
            });
            committed = true;
            return md5hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!committed) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}

package io.github.usmartkit.internal.upload;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.UploadFailedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The MD5 of a local file, streamed (for the unchanged-file check and dry runs; uploads compute theirs while sending). */
public final class FileDigest {

    private FileDigest() {
    }

    /**
     * The MD5 (lower-case hex) of {@code path}.
     *
     * @throws UploadFailedException if it cannot be read
     */
    public static String md5(Path path, String action, String guid) {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UploadFailedException(Failure.of(action, guid, "upload refused before contacting the service: "
                    + path.toAbsolutePath() + " could not be read (" + e.getMessage() + ")", "Check the file; nothing was sent"), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}

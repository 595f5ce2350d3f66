package io.github.usmartkit.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures of presigned PUT URLs: over method, content type, expiry and path. */
final class UrlSigner {
    private final byte[] secret;

    UrlSigner(String secretHex) {
        this.secret = HexFormat.of().parseHex(secretHex);
    }

    String sign(String method, String contentType, long expires, String path) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String canonical = method + "\n" + contentType + "\n" + expires + "\n" + path;
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean verify(String method, String contentType, long expires, String path, String signature) {
        byte[] expected = sign(method, contentType, expires, path).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}

package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static io.github.usmartkit.sandbox.TestHttp.ok;
import static io.github.usmartkit.sandbox.TestHttp.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ObjectStoreTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.maxObjectBytes(1000));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    static JsonNode url(String fileName) {
        return ok(sb(), "s3:generatePutRequest", sb().providerKey(), "{\"fileName\":" + TestHttp.quote(fileName) + "}");
    }

    @Test
    void put_successAnswers200WithMd5ETag() throws Exception {
        byte[] bytes = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        JsonNode u = url("ok.csv");
        TestHttp.Resp r = put(u.get("signedRequest").asText(), "text/csv", bytes);
        assertEquals(200, r.status());
        assertEquals("", r.body());
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        assertEquals("\"" + md5 + "\"", r.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void put_urlIsReusableUntilExpiry() {
        JsonNode u = url("twice.csv");
        assertEquals(200, put(u.get("signedRequest").asText(), "text/csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(200, put(u.get("signedRequest").asText(), "text/csv", "a\n22\n".getBytes(StandardCharsets.UTF_8)).status());
        // the second upload is what the reference now holds
        TestHttp.Resp r = TestHttp.post(sb(), "file:create", sb().providerKey(),
                TestHttp.fileCreateBody(PLAYGROUND, u.get("reference").asText(), "twice.csv", 5));
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void put_fileNameWithPathAndSpacesWorks() {
        JsonNode u = url("/home/me/my data.csv");
        assertEquals(200, put(u.get("signedRequest").asText(), "text/csv", "a\n".getBytes(StandardCharsets.UTF_8)).status());
        assertTrue(u.get("reference").asText().endsWith("//home/me/my data.csv"));
    }

    @Test
    void put_wrongContentTypeIsSignatureDoesNotMatch() {
        JsonNode u = url("x.csv");
        assertEquals("SignatureDoesNotMatch", put(u.get("signedRequest").asText(), "text/csv; charset=utf-8", new byte[] {1}).s3Error(403));
        assertEquals("SignatureDoesNotMatch", put(u.get("signedRequest").asText(), null, new byte[] {1}).s3Error(403));
    }

    @Test
    void put_tamperedSignatureOrExpiryIsSignatureDoesNotMatch() {
        String url = url("x.csv").get("signedRequest").asText();
        String tampered = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");
        assertEquals("SignatureDoesNotMatch", put(tampered, "text/csv", new byte[] {1}).s3Error(403));
        String later = url.replaceFirst("X-Usmart-Expires=(\\d+)", "X-Usmart-Expires=9999999999");
        assertEquals("SignatureDoesNotMatch", put(later, "text/csv", new byte[] {1}).s3Error(403));
    }

    @Test
    void put_missingSignatureIsAccessDenied() {
        String url = url("x.csv").get("signedRequest").asText();
        assertEquals("AccessDenied", put(url.substring(0, url.indexOf('?')), "text/csv", new byte[] {1}).s3Error(403));
    }

    @Test
    void put_expiredUrlIsAccessDenied() {
        sb().faults().expireNextUrls(1);
        TestHttp.Resp r = put(url("x.csv").get("signedRequest").asText(), "text/csv", new byte[] {1});
        assertEquals("AccessDenied", r.s3Error(403));
        assertTrue(r.body().contains("Request has expired"));
    }

    @Test
    void put_overLimitIsEntityTooLarge() {
        assertEquals("EntityTooLarge", put(url("big.csv").get("signedRequest").asText(), "text/csv", new byte[1001]).s3Error(400));
    }

    @Test
    void put_chunkedIsNotImplemented() {
        URI u = URI.create(url("x.csv").get("signedRequest").asText());
        String req = "PUT " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        String answer = TestHttp.raw(sb().port(), req.getBytes(StandardCharsets.UTF_8));
        assertTrue(answer.startsWith("HTTP/1.1 501"), answer);
        assertTrue(answer.contains("<Code>NotImplemented</Code>"));
    }

    @Test
    void put_withoutContentLengthIsMissingContentLength() {
        URI u = URI.create(url("x.csv").get("signedRequest").asText());
        String req = "PUT " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nConnection: close\r\n\r\n";
        String answer = TestHttp.raw(sb().port(), req.getBytes(StandardCharsets.UTF_8));
        assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
        assertTrue(answer.contains("<Code>MissingContentLength</Code>"));
    }

    @Test
    void put_shortBodyIsIncompleteBodyAndStoresNothing() throws Exception {
        JsonNode url = url("short.csv");
        URI u = URI.create(url.get("signedRequest").asText());
        String head = "PUT " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\n";
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", sb().port())) {
            s.getOutputStream().write((head + "only ten b").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            s.shutdownOutput();
            s.setSoTimeout(10_000);
            s.getInputStream().readAllBytes();
        } catch (java.io.IOException ignored) {
            // the server may close first
        }
        TestHttp.Resp r = TestHttp.post(sb(), "file:create", sb().providerKey(),
                TestHttp.fileCreateBody(PLAYGROUND, url.get("reference").asText(), "short.csv", 10));
        assertEquals("InvalidReference", r.error(400));
    }

    @Test
    void get_isMethodNotAllowed() {
        TestHttp.Resp r = TestHttp.get(url("x.csv").get("signedRequest").asText(), null);
        assertEquals("MethodNotAllowed", r.s3Error(405));
    }

    @Test
    void unknownBucketIsNoSuchBucket() {
        assertEquals("NoSuchBucket", put(sb().baseUrl() + "/s3/other-bucket/x?X-Usmart-Expires=1&X-Usmart-Signature=0", "text/csv", new byte[] {1}).s3Error(404));
    }

    @Test
    void errorsNeverEchoTheSignature() {
        String url = url("x.csv").get("signedRequest").asText();
        String sig = url.substring(url.indexOf("X-Usmart-Signature=") + 19);
        TestHttp.Resp r = put(url, "text/plain", new byte[] {1});
        assertFalse(r.body().contains(sig));
    }

    @Test
    void requestLog_showsPathAndStatusButNeverQueryOrSecret() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (Sandbox logged = Sandbox.builder().requestLog(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8)).start()) {
            JsonNode u = TestHttp.ok(logged, "s3:generatePutRequest", logged.providerKey(), "{\"fileName\":\"log.csv\"}");
            put(u.get("signedRequest").asText(), "text/csv", new byte[] {1});
            put(u.get("signedRequest").asText(), "text/plain", new byte[] {1});
            // the line is written as the exchange closes, just after the client has its answer
            long end = System.nanoTime() + 5_000_000_000L;
            while (bytes.toString(StandardCharsets.UTF_8).lines().count() < 3 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            String log = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("POST /org/" + logged.org() + "/s3:generatePutRequest 200"), log);
            assertTrue(log.contains("PUT /s3/usmart-uploads/uploads/"), log);
            assertTrue(log.contains(" 403 "), log);
            assertFalse(log.contains("X-Usmart-Signature"), log);
            assertFalse(log.contains(logged.providerKey().secret()), log);
        }
    }
}

package io.github.usmartkit;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.upload.UploadResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object store's answers to the presigned PUT, as S3 gives them, from a {@link StandIn}:
 * each XML error (expired URL, signature mismatch, 411, 501, EntityTooLarge, IncompleteBody,
 * BadDigest, 503 SlowDown with Retry-After, …), a proxy's HTML page, a redirect to another host,
 * an answer cut short. Each ends within the upload's deadline as an {@link UploadFailedException}
 * carrying S3's code, retried exactly when a fresh attempt can help (an expired URL gets a fresh
 * one each time), and never registers anything — neither {@code add} nor {@code replace}.
 */
class ObjectStoreAnswersTest {

    static final String DS = "ds-1";
    static final String FILE = "f-1";
    static final Duration DEADLINE = Duration.ofSeconds(6);
    static final Duration GRACE = Duration.ofSeconds(1);
    static final String SIGNATURE = "5e1f0c0ffee";

    static StandIn standIn;
    static StandIn elsewhere;
    static USmart usmart;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        standIn = new StandIn();
        elsewhere = new StandIn();
        usmart = USmart.builder().environment(Map.of()).home(null).baseUrl(standIn.url()).readUrl(standIn.url()).org("org-1")
                .apiKey("key-s3", "s3-secret-777").readTimeout(Duration.ofSeconds(3))
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), DEADLINE)).connect();
    }

    @AfterAll
    static void stop() {
        usmart.close();
        standIn.close();
        elsewhere.close();
    }

    @BeforeEach
    void reset() {
        standIn.reset();
        elsewhere.reset();
    }

    /** The control plane answering normally around the PUT: a dataset with one file, signed URLs (each a new one). */
    static void controlPlane() {
        standIn.on("/dataset:view", StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[{\"fileGUID\":\""
                + FILE + "\",\"fileName\":\"b.csv\",\"revision\":3}]}}"));
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        standIn.on("/s3:generatePutRequest", (req, out) -> {
            int i = n.incrementAndGet();
            out.send(200, "application/json", ("{\"result\":{\"signedRequest\":\"" + standIn.url() + "/s3/bucket/uploads/u" + i
                    + "/b.csv?X-Usmart-Expires=9999999999&X-Usmart-Signature=" + SIGNATURE + i
                    + "\",\"contentType\":\"text/csv\",\"reference\":\"uploads/u" + i + "/b.csv\"}}").getBytes(StandardCharsets.UTF_8));
        });
        standIn.on("/file:create", StandIn.json(200, "{\"result\":{\"fileGUID\":\"f-new\",\"fileName\":\"b.csv\",\"revision\":1}}"));
        standIn.on("/file:updateRevision", StandIn.json(200, "{\"result\":{\"fileGUID\":\"" + FILE + "\",\"revision\":4}}"));
    }

    static StandIn.Answer s3(int status, String code, String message, String... headers) {
        return StandIn.answer(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>" + message + "</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>h</HostId></Error>", headers);
    }

    /**
     * One answer of the store: the answers to each PUT in turn, the exact S3 code expected, the
     * HTTP status, the number of PUTs (each after a fresh URL) and any further check.
     */
    record Case(String name, List<StandIn.Answer> puts, String code, int status, int putAttempts, Consumer<USmartException> more) {
    }

    static Case c(String name, String code, int status, int putAttempts, StandIn.Answer... puts) {
        return new Case(name, List.of(puts), code, status, putAttempts, e -> { });
    }

    static Case c(String name, String code, int status, int putAttempts, Consumer<USmartException> more, StandIn.Answer... puts) {
        return new Case(name, List.of(puts), code, status, putAttempts, more);
    }

    static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        l.add(c("AccessDenied, expired: a fresh URL each time, then given up", "AccessDenied", 403, 4,
                e -> assertTrue(e.what().contains("expired"), e.what()), s3(403, "AccessDenied", "Request has expired")));
        l.add(c("AccessDenied, not expired: not retried", "AccessDenied", 403, 1, s3(403, "AccessDenied", "Access Denied")));
        l.add(c("SignatureDoesNotMatch: not retried", "SignatureDoesNotMatch", 403, 1,
                s3(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")));
        l.add(c("411 MissingContentLength: not retried", "MissingContentLength", 411, 1,
                s3(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")));
        l.add(c("501 NotImplemented (chunked): not retried", "NotImplemented", 501, 1,
                s3(501, "NotImplemented", "A header you provided implies functionality that is not implemented")));
        l.add(c("EntityTooLarge: not retried", "EntityTooLarge", 400, 1,
                s3(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.")));
        l.add(c("IncompleteBody: retried", "IncompleteBody", 400, 4,
                s3(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header")));
        l.add(c("BadDigest: retried", "BadDigest", 400, 4,
                s3(400, "BadDigest", "The Content-MD5 you specified did not match what we received.")));
        l.add(c("503 SlowDown with Retry-After: waited as asked, then given up when the wait would pass the deadline",
                "SlowDown", 503, 2, e -> {
            assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
            assertEquals(2, e.attempts(), e.getMessage());
            List<StandIn.Request> puts = standIn.requests().stream().filter(r -> r.method().equals("PUT")).toList();
            assertTrue(puts.get(1).at() - puts.get(0).at() >= 1_000_000_000L, "waited the second asked for");
        }, s3(503, "SlowDown", "Please reduce your request rate.", "Retry-After", "1"),
                s3(503, "SlowDown", "Please reduce your request rate.", "Retry-After", "60")));
        l.add(c("500 InternalError: retried", "InternalError", 500, 4,
                s3(500, "InternalError", "We encountered an internal error. Please try again.")));
        l.add(c("403 with an empty body", null, 403, 1, StandIn.answer(403, "application/xml", "")));
        l.add(c("a proxy's HTML 502 page: retried, shown as an excerpt", null, 502, 4,
                e -> assertTrue(e.serviceMessage().orElse("").contains("Bad Gateway"), e.serviceMessage().toString()),
                StandIn.answer(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>")));
        l.add(c("XML that is not S3's", null, 400, 1, StandIn.answer(400, "application/xml", "<oops/>")));
        l.add(c("XML with a DOCTYPE (entities off)", null, 400, 1, StandIn.answer(400, "application/xml",
                "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Error><Code>&x;</Code></Error>")));
        l.add(c("307 TemporaryRedirect to another host: not followed", "TemporaryRedirect", 307, 1, (req, out) -> out.send(307,
                "application/xml", "<Error><Code>TemporaryRedirect</Code><Message>Please re-send this request to the specified temporary endpoint.</Message></Error>"
                        .getBytes(StandardCharsets.UTF_8), "Location", elsewhere.url() + req.target())));
        l.add(c("S3's whole SignatureDoesNotMatch body (SignatureProvided, CanonicalRequest)", "SignatureDoesNotMatch", 403, 1,
                (req, out) -> out.send(403, "application/xml", ("<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature"
                        + " we calculated does not match the signature you provided.</Message><StringToSign>PUT\n\ntext/csv\n" + xmlQuery(req)
                        + "</StringToSign><SignatureProvided>" + signature(req) + "</SignatureProvided><CanonicalRequest>PUT\n" + req.path()
                        + "\n" + xmlQuery(req) + "</CanonicalRequest></Error>").getBytes(StandardCharsets.UTF_8))));
        l.add(c("S3's Message quoting the signature", "AccessDenied", 403, 1, (req, out) -> out.send(403, "application/xml",
                ("<Error><Code>AccessDenied</Code><Message>signature " + signature(req) + " is not valid for " + xmlQuery(req)
                        + "</Message></Error>").getBytes(StandardCharsets.UTF_8))));
        l.add(c("a proxy's text page quoting the request", null, 403, 1, (req, out) -> out.send(403, "text/plain",
                ("Forbidden by policy: PUT " + req.path() + " with " + query(req) + " (sig " + signature(req) + ")")
                        .getBytes(StandardCharsets.UTF_8))));
        l.add(c("the answer cut short: retried", null, 0, 4, StandIn.cutShort(200, "application/xml", "<", 100)));
        l.add(c("a 10 MB error body", null, 500, 4, e -> assertTrue(e.getMessage().length() < 2000, e.getMessage()),
                StandIn.answer(500, "text/plain", "x".repeat(10 * 1024 * 1024))));
        return l;
    }

    static String query(StandIn.Request r) {
        return r.target().substring(r.target().indexOf('?') + 1);
    }

    /** The query as S3 writes it inside XML ({@code &} escaped). */
    static String xmlQuery(StandIn.Request r) {
        return query(r).replace("&", "&amp;");
    }

    static String signature(StandIn.Request r) {
        String q = query(r);
        return q.substring(q.indexOf("X-Usmart-Signature=") + "X-Usmart-Signature=".length());
    }

    @TestFactory
    Stream<DynamicTest> storeErrors() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case k : cases()) {
            tests.add(DynamicTest.dynamicTest("add: " + k.name, () -> run(k, false)));
        }
        // replace takes the same path to the store; a few rows prove it registers nothing either
        for (Case k : cases().subList(0, 3)) {
            tests.add(DynamicTest.dynamicTest("replace: " + k.name, () -> run(k, true)));
        }
        return tests.stream();
    }

    /** Scripts the stand-in for {@code k} and uploads: what it threw (null if nothing). */
    static Throwable meet(Case k, boolean replace, Path dir) throws IOException {
        standIn.reset(); // dynamic tests get no @BeforeEach of their own
        elsewhere.reset();
        controlPlane();
        standIn.on("/b.csv", k.puts.toArray(StandIn.Answer[]::new));
        Path f = Files.exists(dir.resolve("b.csv")) ? dir.resolve("b.csv") : Sandboxes.csv(dir, "b.csv", 3);
        try {
            if (replace) {
                usmart.dataset(DS).replace(FILE, f);
            } else {
                usmart.dataset(DS).add(f);
            }
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Every failure of the table, for {@link SecretsTest} to scan (the stand-ins started and stopped here). */
    static SecretsTest.Failures everyFailure(Path dir) throws IOException {
        start();
        try {
            List<Throwable> thrown = new ArrayList<>();
            for (Case k : cases()) {
                thrown.add(meet(k, false, dir));
            }
            return new SecretsTest.Failures("object store answers", List.of("s3-secret-777"), List.of(SIGNATURE), thrown);
        } finally {
            stop();
        }
    }

    private void run(Case k, boolean replace) throws IOException {
        long t0 = System.nanoTime();
        Throwable thrown = meet(k, replace, dir);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(thrown instanceof UploadFailedException, k.name + ": " + thrown);
        UploadFailedException e = (UploadFailedException) thrown;
        assertSame(UploadFailedException.class, e.getClass());
        assertEquals("PUT", e.action());
        assertEquals(k.code, e.serviceCode().orElse(null), e.getMessage());
        assertEquals(k.status, e.status(), e.getMessage());
        assertFalse(e.whatToDo().isBlank(), e.toString());
        assertTrue((e.what() + " " + e.whatToDo()).toLowerCase(java.util.Locale.ROOT).contains("nothing was registered"), e.getMessage());
        assertEquals(k.putAttempts, standIn.count("/b.csv"), "PUTs: " + standIn.requests());
        assertEquals(k.putAttempts, standIn.count("/s3:generatePutRequest"), "a fresh URL for each PUT: " + standIn.requests());
        assertEquals(0, standIn.count("/file:create"), "never registers after a failed PUT: " + standIn.requests());
        assertEquals(0, standIn.count("/file:updateRevision"), "never registers after a failed PUT: " + standIn.requests());
        assertTrue(elsewhere.requests().isEmpty(), "the redirect was followed: " + elsewhere.requests());
        assertFalse(e.getMessage().contains(SIGNATURE), e.getMessage());
        assertFalse(e.getMessage().contains("X-Usmart-Expires=9999999999"), e.getMessage());
        assertTrue(millis <= DEADLINE.plus(GRACE).toMillis(), "ended after " + millis + " ms");
        k.more.accept(e);
    }

    @Test
    void everyPut_sendsALengthAndTheSignedContentTypeWithoutTheKey() throws IOException {
        controlPlane();
        standIn.on("/b.csv", StandIn.answer(200, "text/plain", "", "ETag", "\"" + md5("site,value\ns0,0\n") + "\""));
        UploadResult r = usmart.dataset(DS).add(Sandboxes.csv(dir, "b.csv", 1));
        assertEquals("f-new", r.fileGuid());
        assertEquals(Boolean.TRUE, r.etagMatches());
        StandIn.Request put = standIn.requests().stream().filter(q -> q.method().equals("PUT")).findFirst().orElseThrow();
        assertEquals(String.valueOf(Files.size(dir.resolve("b.csv"))), put.header("Content-Length"));
        assertEquals(null, put.header("Transfer-Encoding"));
        assertEquals("text/csv", put.header("Content-Type"));
        assertFalse(put.carriesKey(), "the object store is another host: no key headers");
    }

    @Test
    void etagMismatch_isAWarningNotAFailure() throws IOException {
        // An ETag that is not the MD5 is normal under SSE-KMS; S3 itself refuses corrupted bytes
        // (BadDigest above), so the upload stands, with a warning and a log line.
        controlPlane();
        standIn.on("/b.csv", StandIn.answer(200, "text/plain", "", "ETag", "\"0123456789abcdef0123456789abcdef\""));
        UploadResult r = usmart.dataset(DS).add(Sandboxes.csv(dir, "b.csv", 3));
        assertEquals("f-new", r.fileGuid());
        assertEquals(Boolean.FALSE, r.etagMatches());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("0123456789abcdef0123456789abcdef"), r.warnings().get(0));
        assertTrue(r.toText().contains("warning:"), r.toText());
        assertEquals(1, standIn.count("/file:create"));
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

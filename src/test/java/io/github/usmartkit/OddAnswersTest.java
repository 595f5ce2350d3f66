package io.github.usmartkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answers the sandbox never gives but real services and proxies do (HTML error pages, errors
 * with HTTP 200, missing envelopes), from a tiny loopback server scripted per test.
 */
class OddAnswersTest {

    static HttpServer server;
    static volatile int status;
    static volatile String contentType;
    static volatile String body;
    static final AtomicInteger calls = new AtomicInteger();
    static volatile long delayMillis;
    /** A Location header for every answer, or null. */
    static volatile String location;
    /** Answers by path suffix, taking precedence over the default answer. */
    static final Map<String, String[]> routes = new java.util.concurrent.ConcurrentHashMap<>();
    static String url;
    /** Answers by path suffix given in turn (the last one repeats), before {@link #routes}. */
    static final Map<String, java.util.List<String[]>> sequences = new java.util.concurrent.ConcurrentHashMap<>();
    /** Path suffixes whose answer sends its headers and part of the body, then stalls for {@link #STALL_MILLIS}. */
    static final java.util.Set<String> stalls = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final long STALL_MILLIS = 4000;
    /** Paths requested, in order. */
    static final java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    static USmart usmart;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            calls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String path = ex.getRequestURI().getPath();
            paths.add(path);
            String[] seq = null;
            for (Map.Entry<String, java.util.List<String[]>> e : sequences.entrySet()) {
                if (path.endsWith(e.getKey())) {
                    java.util.List<String[]> l = e.getValue();
                    seq = l.size() > 1 ? l.remove(0) : l.get(0);
                }
            }
            String[] route = seq != null ? seq : routes.entrySet().stream().filter(e -> ex.getRequestURI().getPath().endsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(new String[] {String.valueOf(status), contentType, body});
            byte[] b = route[2].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", route[1]);
            if (route.length > 3) {
                ex.getResponseHeaders().add("ETag", route[3]);
            }
            if (location != null) {
                ex.getResponseHeaders().add("Location", location);
            }
            if (stalls.stream().anyMatch(path::endsWith)) {
                ex.sendResponseHeaders(Integer.parseInt(route[0]), b.length + 100);
                OutputStream o = ex.getResponseBody();
                o.write(b);
                o.flush();
                try {
                    Thread.sleep(STALL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
                return;
            }
            ex.sendResponseHeaders(Integer.parseInt(route[0]), b.length == 0 ? -1 : b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a stalled answer must not hold up others
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        usmart = USmart.builder().environment(Map.of()).home(null).baseUrl(url).readUrl(url).org("org-1")
                .apiKey("key-odd", "odd-secret-999").retryPolicy(Sandboxes.FAST).connect();
    }

    @AfterAll
    static void stop() {
        usmart.close();
        server.stop(0);
    }

    @BeforeEach
    void reset() {
        calls.set(0);
        delayMillis = 0;
        routes.clear();
        sequences.clear();
        paths.clear();
        stalls.clear();
        location = null;
    }

    private static void answer(int s, String ct, String b) {
        status = s;
        contentType = ct;
        body = b;
    }

    @Test
    void htmlErrorPage_isReportedAsNonJsonWithExcerpt() {
        answer(502, "text/html", "<html><head><title>x</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>");
        ServiceException e = assertThrows(ServiceException.class, () -> usmart.dataset("ds-1").view());
        assertTrue(e.getMessage().contains("non-JSON answer (text/html)"), e.getMessage());
        assertTrue(e.getMessage().contains("502 Bad Gateway"), e.getMessage());
        assertEquals(4, calls.get(), "dataset:view is safe: retried");
    }

    @Test
    void htmlWith200_isServiceExceptionNotRetried() {
        answer(200, "text/html", "<html><body>Please log in to the proxy</body></html>");
        ServiceException e = assertThrows(ServiceException.class, () -> usmart.dataset("ds-1").view());
        assertTrue(e.getMessage().contains("not JSON") && e.getMessage().contains("Please log in"), e.getMessage());
        assertEquals(1, calls.get());
    }

    @Test
    void emptyBodyWith200_isReportedAsSuch() {
        answer(200, "application/json", "");
        ServiceException e = assertThrows(ServiceException.class, () -> usmart.action("resourceContainer:create", Map.of("datasetGUID", "d")));
        assertTrue(e.getMessage().contains("empty body"), e.getMessage());
    }

    @Test
    void errorJsonWith200_isMappedByItsInnerStatus() {
        answer(200, "application/json", "{\"error\":{\"status\":401,\"code\":\"Unauthorized\",\"message\":\"key regenerated\"}}");
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> usmart.dataset("ds-1").view());
        assertTrue(e.getMessage().contains("key regenerated"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 200"), e.getMessage());
    }

    @Test
    void errorStringWith200_isMappedByCode() {
        answer(200, "application/json", "{\"status\":\"error\",\"code\":\"NotFound\",\"message\":\"no such dataset\"}");
        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.dataset("ds-1").view());
        assertTrue(e.getMessage().contains("no such dataset"), e.getMessage());
    }

    @Test
    void jsonWithoutResultEnvelope_isAccepted() {
        answer(200, "application/json", "{\"datasetGUID\":\"ds-1\",\"title\":\"Bare\",\"files\":{\"fileGUID\":\"f1\",\"fileName\":\"a.csv\",\"fileSize\":\"12\"}}");
        var v = usmart.dataset("ds-1").view();
        assertEquals("Bare", v.title());
        assertEquals(12L, v.files().get(0).fileSize(), "a single object where an array is expected; a number as a string");
    }

    @Test
    void datasetViewWithoutADataset_isServiceException_andAwaitAndRefreshAllFailInsteadOfReportingSuccess() {
        String[] answers = {
            "{\"status\":\"ok\"}",                               // result missing (the whole answer is no dataset either)
            "{\"result\":null}",
            "{\"result\":\"maintenance\"}",
            "{\"result\":[]}",
            "{\"result\":{\"datasetGUID\":\"ds-1\",\"title\":\"No lists\"}}"};
        for (String a : answers) {
            answer(200, "application/json", a);
            paths.clear();
            ServiceException view = assertThrows(ServiceException.class, () -> usmart.dataset("ds-1").view(), a);
            assertEquals("dataset:view", view.action());
            assertEquals("ds-1", view.guid().orElseThrow());
            assertEquals(200, view.status());
            assertTrue(view.what().contains("where a dataset was expected"), view.what());
            assertFalse(view.whatToDo().isEmpty());
            assertThrows(ServiceException.class, () -> usmart.dataset("ds-1").awaitProcessed(java.time.Duration.ofSeconds(5)), a);
            assertThrows(ServiceException.class, () -> usmart.dataset("ds-1").refreshAll(), a);
            assertThrows(ServiceException.class, () -> usmart.dataset("ds-1").publish("f-1", Sandboxes.csvQuietly(dir)), a);
            assertTrue(paths.stream().allMatch(p -> p.endsWith("/dataset:view")), "nothing but views was asked: " + paths);
        }
    }

    @Test
    void registerAnswerLost_whenTheServiceReportsNoMd5_saysItCannotTell_andRetryRegisterSendsNothingBlind() throws IOException {
        signedUploadRoutes("200", "");
        routes.put("/uploads/u2/b.csv", new String[] {"200", "application/xml", "", "\"00000000000000000000000000000000\""});
        routes.put("/dataset:view", new String[] {"200", "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\",\"files\":"
                + "[{\"fileGUID\":\"f-1\",\"fileName\":\"b.csv\",\"fileSize\":3,\"revision\":4}]}}"});
        routes.put("/file:updateRevision", new String[] {"503", "application/json", "{\"error\":{\"status\":503,\"code\":\"ServiceUnavailable\"}}"});
        var e = assertThrows(io.github.usmartkit.upload.RegistrationFailedException.class,
                () -> usmart.dataset("ds-1").replace("f-1", Sandboxes.csv(dir, "b.csv", 3)));
        assertTrue(e.mayHaveLanded());
        assertTrue(e.what().contains("reports no MD5"), e.what());
        assertTrue(e.whatToDo().contains("check with files() before retrying"), e.whatToDo());
        long sent = paths.stream().filter(p -> p.endsWith("/file:updateRevision")).count();
        assertEquals(1, sent, "not repeated: it may have landed");
        var again = assertThrows(io.github.usmartkit.upload.RegistrationFailedException.class, e::retryRegister);
        assertTrue(again.mayHaveLanded());
        assertEquals(sent, paths.stream().filter(p -> p.endsWith("/file:updateRevision")).count(), "the retry helper refused to send blind");
    }

    @Test
    void errorStatusWithPlainText_isReportedWithExcerpt() {
        answer(404, "text/plain", "route not found");
        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.dataset("ds-1").view());
        assertTrue(e.getMessage().contains("route not found"), e.getMessage());
    }

    @Test
    void generatePutRequestWithoutSignedRequest_namesMissingFields() throws IOException {
        answer(200, "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\",\"files\":[],\"contentType\":\"text/csv\"}}");
        ServiceException e = assertThrows(ServiceException.class,
                () -> usmart.dataset("ds-1").add(Sandboxes.csv(dir, "a.csv", 2)));
        assertTrue(e.getMessage().contains("signedRequest") && e.getMessage().contains("reference"), e.getMessage());
        assertFalse(e.getMessage().contains("contentType,"), e.getMessage());
    }

    @Test
    void action_returnsWholeJsonWhenNoResult() {
        answer(200, "application/json", "{\"ok\":true}");
        JsonNode n = usmart.action("custom:thing", Map.of());
        assertTrue(n.path("ok").asBoolean());
    }

    @Test
    void secretEchoedByService_isMasked() {
        answer(403, "application/json", "{\"error\":{\"code\":\"Forbidden\",\"message\":\"key key-odd with secret odd-secret-999 has no role\"}}");
        var e = assertThrows(io.github.usmartkit.error.PermissionException.class, () -> usmart.dataset("ds-1").view());
        assertFalse(e.getMessage().contains("odd-secret-999"), e.getMessage());
        assertFalse(e.serviceMessage().orElse("").contains("odd-secret-999"));
        assertTrue(e.getMessage().contains("****"), e.getMessage());
    }

    @Test
    void etagMismatch_isWarningNotFailure() throws IOException {
        answer(500, "application/json", "{}");
        routes.put("/dataset:view", new String[] {"200", "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\",\"files\":[]}}"});
        routes.put("/s3:generatePutRequest", new String[] {"200", "application/json", "{\"result\":{\"signedRequest\":\"" + url
                + "/s3/bucket/uploads/u1/a.csv?X-Usmart-Signature=abc\",\"contentType\":\"text/csv\",\"reference\":\"uploads/u1/a.csv\"}}"});
        routes.put("/uploads/u1/a.csv", new String[] {"200", "text/plain", "", "\"0123456789abcdef0123456789abcdef\""});
        routes.put("/file:create", new String[] {"200", "application/json", "{\"result\":{\"fileGUID\":\"f-new\",\"fileName\":\"a.csv\",\"revision\":1}}"});
        var r = usmart.dataset("ds-1").add(Sandboxes.csv(dir, "a.csv", 3));
        assertEquals("f-new", r.fileGuid());
        assertEquals(Boolean.FALSE, r.etagMatches());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("0123456789abcdef0123456789abcdef"), r.warnings().get(0));
        assertTrue(r.toText().contains("warning:"), r.toText());
    }

    private void signedUploadRoutes(String putStatus, String s3Code) {
        answer(500, "application/json", "{}");
        routes.put("/dataset:view", new String[] {"200", "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\",\"files\":[]}}"});
        routes.put("/s3:generatePutRequest", new String[] {"200", "application/json", "{\"result\":{\"signedRequest\":\"" + url
                + "/s3/bucket/uploads/u2/b.csv?X-Usmart-Signature=abc\",\"contentType\":\"text/csv\",\"reference\":\"uploads/u2/b.csv\"}}"});
        routes.put("/uploads/u2/b.csv", new String[] {putStatus, "application/xml",
            "<Error><Code>" + s3Code + "</Code><Message>as S3 says</Message><RequestId>r1</RequestId></Error>"});
    }

    @Test
    void putRefusedAsChunked_isUploadFailedSayingBugNotRetried() throws IOException {
        signedUploadRoutes("501", "NotImplemented");
        var e = assertThrows(io.github.usmartkit.error.UploadFailedException.class,
                () -> usmart.dataset("ds-1").add(Sandboxes.csv(dir, "b.csv", 3)));
        assertEquals("NotImplemented", e.serviceCode().orElseThrow());
        assertTrue(e.getMessage().contains("bug"), e.getMessage());
        assertEquals(3, calls.get(), "view, one URL, one PUT: no retry, no register");
    }

    @Test
    void putWithoutLength_isUploadFailed() throws IOException {
        signedUploadRoutes("411", "MissingContentLength");
        var e = assertThrows(io.github.usmartkit.error.UploadFailedException.class,
                () -> usmart.dataset("ds-1").add(Sandboxes.csv(dir, "b.csv", 3)));
        assertEquals(411, e.status());
        assertEquals("MissingContentLength", e.serviceCode().orElseThrow());
        assertFalse(e.getMessage().contains("X-Usmart-Signature"), e.getMessage());
    }

    @Test
    void redirect_isNotFollowedAndSaysWhichAddressToSet() {
        answer(301, "text/html", "<html>Moved</html>");
        location = "https://elsewhere.example/org/org-1/dataset:view?token=abc";
        var e = assertThrows(io.github.usmartkit.error.ConfigurationException.class, () -> usmart.dataset("ds-1").view());
        assertEquals(301, e.status());
        assertTrue(e.getMessage().contains("redirected to https://elsewhere.example/org/org-1/dataset:view")
                && e.getMessage().contains("USMART_BASE_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("token=abc"), e.getMessage());
        assertEquals(1, calls.get(), "neither followed nor retried");
    }

    private static USmart impatient(String baseUrl) {
        return USmart.builder().environment(Map.of()).home(null).baseUrl(baseUrl).readUrl(baseUrl).org("org-1")
                .apiKey("k", "s-1234").connectTimeout(java.time.Duration.ofMillis(300)).readTimeout(java.time.Duration.ofMillis(300))
                .retryPolicy(io.github.usmartkit.config.RetryPolicy.none()).connect();
    }

    @Test
    void bodyStallingAfterHeaders_isTransportExceptionWithinReadTimeout() {
        answer(200, "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\"}}");
        stalls.add("/dataset:view");
        try (USmart u = impatient(url)) {
            var e = assertThrows(io.github.usmartkit.error.TransportException.class, () -> u.dataset("ds-1").view());
            assertTrue(e.getMessage().contains("within the read timeout of 300 ms"), e.getMessage());
        }
    }

    @Test
    void awaitProcessed_pollStallingIsTransportExceptionNotAHang() {
        answer(200, "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\",\"resourceContainers\":[]}}");
        stalls.add("/dataset:view");
        try (USmart u = impatient(url)) {
            var e = assertThrows(io.github.usmartkit.error.TransportException.class,
                    () -> u.dataset("ds-1").awaitProcessed(java.time.Duration.ofMinutes(10)));
            assertTrue(e.getMessage().contains("dataset:view on ds-1") && e.getMessage().contains("read timeout"), e.getMessage());
        }
    }

    @Test
    void putAnswerStallingAfterHeaders_isUploadFailedNotAHang() throws IOException {
        signedUploadRoutes("200", "unused");
        stalls.add("/uploads/u2/b.csv");
        try (USmart u = impatient(url)) {
            var e = assertThrows(io.github.usmartkit.error.UploadFailedException.class,
                    () -> u.dataset("ds-1").add(Sandboxes.csv(dir, "b.csv", 3)));
            assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
            assertFalse(paths.stream().anyMatch(x -> x.endsWith("/file:create")), "nothing registered: " + paths);
        }
    }

    /**
     * A loopback port that never completes a TCP handshake: a listening socket with a backlog of
     * one whose queue is filled and never accepted (Linux then drops further SYNs).
     */
    private static java.net.ServerSocket blackhole(java.util.List<java.net.Socket> held) throws IOException {
        java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        for (int i = 0; i < 10; i++) {
            java.net.Socket s = new java.net.Socket();
            try {
                s.connect(ss.getLocalSocketAddress(), 200);
                held.add(s);
            } catch (java.net.SocketTimeoutException full) {
                s.close();
                return ss;
            }
        }
        org.junit.jupiter.api.Assumptions.abort("this system accepts every connection: cannot make a port that never connects");
        return ss;
    }

    @Test
    void controlPlaneThatNeverConnects_failsWithinConnectTimeout() throws IOException {
        java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
        try (java.net.ServerSocket ss = blackhole(held); USmart u = impatient("http://127.0.0.1:" + ss.getLocalPort())) {
            var e = assertThrows(io.github.usmartkit.error.TransportException.class, () -> u.dataset("ds-1").view());
            assertTrue(e.getMessage().contains("could not connect to http://127.0.0.1:" + ss.getLocalPort())
                    && e.getMessage().contains("within the connect timeout of 300 ms"), e.getMessage());
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void objectStoreThatNeverConnects_failsWithinConnectTimeout() throws IOException {
        java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
        try (java.net.ServerSocket ss = blackhole(held); USmart u = impatient(url)) {
            answer(500, "application/json", "{}");
            routes.put("/dataset:view", new String[] {"200", "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\",\"files\":[]}}"});
            routes.put("/s3:generatePutRequest", new String[] {"200", "application/json", "{\"result\":{\"signedRequest\":\"http://127.0.0.1:"
                    + ss.getLocalPort() + "/s3/bucket/k.csv?X-Usmart-Signature=abc\",\"contentType\":\"text/csv\",\"reference\":\"k.csv\"}}"});
            var e = assertThrows(io.github.usmartkit.error.UploadFailedException.class,
                    () -> u.dataset("ds-1").add(Sandboxes.csv(dir, "k.csv", 3)));
            assertTrue(e.getMessage().contains("within the connect timeout"), e.getMessage());
            assertFalse(e.getMessage().contains("X-Usmart-Signature"), e.getMessage());
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }
}

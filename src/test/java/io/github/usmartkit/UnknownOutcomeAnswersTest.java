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
 * Answers a scripted stand-in gives to the publishing flow: a dataset:view that is no dataset must
 * fail every verb that reads it, and a lost register on a service that reports no MD5 must be said
 * to be unknown, never resent blind.
 */
class UnknownOutcomeAnswersTest {

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

    private void signedUploadRoutes(String putStatus, String s3Code) {
        answer(500, "application/json", "{}");
        routes.put("/dataset:view", new String[] {"200", "application/json", "{\"result\":{\"datasetGUID\":\"ds-1\",\"files\":[]}}"});
        routes.put("/s3:generatePutRequest", new String[] {"200", "application/json", "{\"result\":{\"signedRequest\":\"" + url
                + "/s3/bucket/uploads/u2/b.csv?X-Usmart-Signature=abc\",\"contentType\":\"text/csv\",\"reference\":\"uploads/u2/b.csv\"}}"});
        routes.put("/uploads/u2/b.csv", new String[] {putStatus, "application/xml",
            "<Error><Code>" + s3Code + "</Code><Message>as S3 says</Message><RequestId>r1</RequestId></Error>"});
    }
}

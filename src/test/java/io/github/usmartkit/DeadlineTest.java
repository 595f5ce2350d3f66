package io.github.usmartkit;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.internal.upload.Uploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One deadline per call, proven against stand-ins that stall: nothing after the request, headers
 * then silence, headers then a byte now and then. Each call ends within its deadline (plus a small
 * grace), the stalled exchange is abandoned (the stand-in sees the kit close the connection), and
 * no kit thread is left blocked in it.
 */
class DeadlineTest {

    /** The deadline of every call here (RetryPolicy.maxTotal). */
    static final Duration DEADLINE = Duration.ofMillis(1500);
    /** Allowed beyond a deadline: abandoning, waking, building the exception, on 2 loaded cores. */
    static final Duration GRACE = Duration.ofMillis(1000);
    static final String SECRET = "deadline-secret-4242";
    static final String ORG = "org-1";
    static final String DS = "ds-1";
    static final String RC = "rc-1";

    static StandIn standIn;
    /** The largest overshoot of a deadline seen in this class, for the report. */
    static volatile long maxOverMillis = Long.MIN_VALUE;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(@TempDir Path tmp) throws IOException {
        standIn = new StandIn();
        // Warm up (class loading, the first connection): the first call of a JVM is not what is measured here.
        standIn.on("/dataset:view", StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[]}}"));
        standIn.on("/s3:generatePutRequest", StandIn.json(200, "{\"result\":{\"signedRequest\":\"" + standIn.url()
                + "/s3/b/w.csv?X-Usmart-Signature=s\",\"contentType\":\"text/csv\",\"reference\":\"w.csv\"}}"));
        standIn.on("/w.csv", StandIn.answer(403, "application/xml", "<Error><Code>SignatureDoesNotMatch</Code></Error>"));
        try (USmart u = session(Duration.ofSeconds(5))) {
            u.dataset(DS).view();
            assertThrows(UploadFailedException.class, () -> u.dataset(DS).add(Sandboxes.csv(tmp, "w.csv", 1)));
        }
    }

    @AfterAll
    static void stop() {
        standIn.close();
        System.out.println("DeadlineTest: largest time past a deadline: " + maxOverMillis + " ms");
    }

    @BeforeEach
    void reset() {
        standIn.reset();
    }

    private static USmart session(Duration readTimeout) {
        return session(readTimeout, new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), DEADLINE));
    }

    private static USmart session(Duration readTimeout, RetryPolicy policy) {
        return USmart.builder().environment(Map.of()).home(null).baseUrl(standIn.url()).readUrl(standIn.url()).org(ORG)
                .apiKey("key-deadline", SECRET).connectTimeout(Duration.ofSeconds(2)).readTimeout(readTimeout)
                .retryPolicy(policy).connect();
    }

    /** A stall, by name. */
    record Stall(String name, StandIn.Answer answer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Stall> stalls(String contentType, String start) {
        return List.of(
                new Stall("no answer at all", StandIn.noAnswer()),
                new Stall("headers then silence", StandIn.silenceAfter(200, contentType, start, start.length() + 1000)),
                new Stall("headers then a byte every 250 ms", StandIn.trickle(200, contentType, Duration.ofMillis(250))));
    }

    /** A verb of the kit, the route it stalls on, and what it is to end with. */
    record Verb(String name, String route, Class<? extends USmartException> fails, Function<USmart, Object> call) {
    }

    @TestFactory
    Stream<DynamicTest> everyVerbEndsWithinItsDeadlineAndLeavesNoThreadBlocked() {
        List<Verb> verbs = List.of(
                new Verb("dataset:view", "/dataset:view", TransportException.class, u -> u.dataset(DS).view()),
                new Verb("rows", "/urql", TransportException.class, u -> u.rows(RC, 5)),
                new Verb("catalog", "/dcat/private", TransportException.class, USmart::catalog));
        List<DynamicTest> tests = new ArrayList<>();
        for (Verb v : verbs) {
            for (Stall s : stalls("application/json", "{\"result\":")) {
                tests.add(DynamicTest.dynamicTest(v.name + ", " + s, () -> {
                    standIn.reset(); // dynamic tests get no @BeforeEach of their own
                    standIn.on(v.route, s.answer);
                    ends(v.fails, DEADLINE, v.route, Duration.ofSeconds(30), v.call);
                }));
            }
        }
        for (Stall s : stalls("application/xml", "<")) {
            tests.add(DynamicTest.dynamicTest("PUT, " + s, () -> {
                standIn.reset();
                Path f = Sandboxes.csv(dir, "d.csv", 3);
                Duration readTimeout = Duration.ofMillis(700);
                standIn.on("/dataset:view", StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[]}}"));
                standIn.on("/s3:generatePutRequest", StandIn.json(200, "{\"result\":{\"signedRequest\":\"" + standIn.url()
                        + "/s3/bucket/uploads/u/d.csv?X-Usmart-Signature=sig\",\"contentType\":\"text/csv\","
                        + "\"reference\":\"uploads/u/d.csv\"}}"));
                standIn.on("/uploads/u/d.csv", s.answer);
                // The PUT's own budget: the answer time plus the bytes at a slow rate, at least the call's deadline.
                Duration budget = max(new Uploader(null, readTimeout).timeFor(java.nio.file.Files.size(f)), DEADLINE);
                ends(UploadFailedException.class, budget, "/uploads/u/d.csv", readTimeout, u -> u.dataset(DS).add(f));
                assertEquals(0, standIn.count("/file:create"), "never registers after a failed PUT: " + standIn.requests());
            }));
        }
        tests.add(DynamicTest.dynamicTest("PUT cut short, then the fresh URL for its retry never comes", () -> {
            standIn.reset();
            Path f = Sandboxes.csv(dir, "d.csv", 3);
            Duration readTimeout = Duration.ofMillis(1200);
            standIn.on("/dataset:view", StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[]}}"));
            standIn.on("/s3:generatePutRequest", StandIn.json(200, "{\"result\":{\"signedRequest\":\"" + standIn.url()
                    + "/s3/bucket/uploads/u/d.csv?X-Usmart-Signature=sig\",\"contentType\":\"text/csv\","
                    + "\"reference\":\"uploads/u/d.csv\"}}"), StandIn.noAnswer());
            standIn.on("/uploads/u/d.csv", StandIn.silenceAfter(200, "application/xml", "<", 100));
            // The URL of a retry is part of the PUT's budget, not a call with a deadline of its own.
            ends(USmartException.class, DEADLINE, "/uploads/u/d.csv", readTimeout, u -> u.dataset(DS).add(f));
            assertEquals(2, standIn.count("/s3:generatePutRequest"), standIn.requests().toString());
            assertEquals(0, standIn.count("/file:create"), "never registers after a failed PUT: " + standIn.requests());
        }));
        return tests.stream();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Runs {@code call} on a fresh session and checks, before the session is closed (closing would
     * free everything anyway): it failed with {@code kind} and a what-to-do, within {@code budget}
     * plus {@link #GRACE}; the stand-in saw every stalled exchange's connection closed by the kit;
     * and no kit thread is left busy in an exchange.
     */
    private static void ends(Class<? extends USmartException> kind, Duration budget, String stalledRoute, Duration readTimeout,
                             Function<USmart, Object> call) throws Exception {
        ends(kind, budget, stalledRoute, readTimeout, new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), DEADLINE), call);
    }

    private static void ends(Class<? extends USmartException> kind, Duration budget, String stalledRoute, Duration readTimeout,
                             RetryPolicy policy, Function<USmart, Object> call) throws Exception {
        try (USmart u = session(readTimeout, policy)) {
            Set<Long> before = Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
            long t0 = System.nanoTime();
            USmartException e = assertThrows(kind, () -> call.apply(u));
            long over = (System.nanoTime() - t0) / 1_000_000 - budget.toMillis();
            maxOverMillis = Math.max(maxOverMillis, over);
            long stalled = standIn.stalls();
            System.out.println(over + " ms past a deadline of " + budget.toMillis() + " ms, " + stalled + " attempt(s): " + e.what());
            assertFalse(e.whatToDo().isBlank(), e.toString());
            assertTrue(over <= GRACE.toMillis(), "ended " + over + " ms past its deadline of " + budget.toMillis() + " ms: " + e.getMessage());
            assertTrue(standIn.count(stalledRoute) >= 1 && stalled >= 1, "the stalling route was called: " + standIn.requests());
            standIn.awaitAbandoned(stalled, Duration.ofSeconds(3));
            assertEquals(stalled, standIn.abandoned().size(), "every stalled exchange was abandoned (its connection closed by the kit)");
            List<String> busy = KitThreads.busyAfter(before, Duration.ofSeconds(3));
            assertTrue(busy.isEmpty(), "kit threads still busy after the call: " + busy);
        }
    }

    @org.junit.jupiter.api.Test
    void readTimeout_boundsEachAttemptBeforeTheDeadline() throws Exception {
        standIn.on("/dataset:view", StandIn.silenceAfter(200, "application/json", "{\"result\":", 500));
        ends(TransportException.class, Duration.ofMillis(300), "/dataset:view", Duration.ofMillis(300),
                RetryPolicy.none(), u -> u.dataset(DS).view());
    }

    @org.junit.jupiter.api.Test
    void awaitProcessed_aPollThatStallsEndsWithinItsDeadline() throws Exception {
        standIn.on("/dataset:view", StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"resourceContainers\":"
                + "[{\"resourceContainerGUID\":\"" + RC + "\",\"pipelineId\":\"csv-to-api\",\"status\":\"processing\"}]}}"),
                StandIn.silenceAfter(200, "application/json", "{", 100));
        ends(TransportException.class, DEADLINE, "/dataset:view", Duration.ofSeconds(30),
                u -> u.dataset(DS).awaitProcessed(Duration.ofMinutes(10), Duration.ofMillis(50)));
    }

    /**
     * A loopback port that never completes a TCP handshake: a listening socket with a backlog of
     * one whose queue is filled and never accepted (Linux then drops further SYNs).
     */
    private static java.net.ServerSocket blackhole(List<java.net.Socket> held) throws IOException {
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

    private static USmart impatient(String baseUrl) {
        return USmart.builder().environment(Map.of()).home(null).baseUrl(baseUrl).readUrl(baseUrl).org(ORG)
                .apiKey("k", SECRET).connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(300))
                .retryPolicy(RetryPolicy.none()).connect();
    }

    @org.junit.jupiter.api.Test
    void controlPlaneThatNeverConnects_failsWithinConnectTimeout() throws IOException {
        List<java.net.Socket> held = new ArrayList<>();
        try (java.net.ServerSocket ss = blackhole(held); USmart u = impatient("http://127.0.0.1:" + ss.getLocalPort())) {
            long t0 = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, () -> u.dataset(DS).view());
            assertTrue((System.nanoTime() - t0) / 1_000_000 <= 300 + GRACE.toMillis(), e.getMessage());
            assertTrue(e.what().contains("could not connect to http://127.0.0.1:" + ss.getLocalPort())
                    && e.what().contains("within the connect timeout of 300 ms"), e.what());
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void objectStoreThatNeverConnects_failsWithinConnectTimeout() throws IOException {
        List<java.net.Socket> held = new ArrayList<>();
        try (java.net.ServerSocket ss = blackhole(held); USmart u = impatient(standIn.url())) {
            standIn.on("/dataset:view", StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[]}}"));
            standIn.on("/s3:generatePutRequest", StandIn.json(200, "{\"result\":{\"signedRequest\":\"http://127.0.0.1:"
                    + ss.getLocalPort() + "/s3/bucket/k.csv?X-Usmart-Signature=abc\",\"contentType\":\"text/csv\",\"reference\":\"k.csv\"}}"));
            UploadFailedException e = assertThrows(UploadFailedException.class, () -> u.dataset(DS).add(Sandboxes.csv(dir, "k.csv", 3)));
            assertTrue(e.what().contains("within the connect timeout"), e.what());
            assertFalse(e.getMessage().contains("X-Usmart-Signature"), e.getMessage());
            assertEquals(0, standIn.count("/file:create"));
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }
}

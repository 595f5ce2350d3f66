package io.github.usmartkit;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.ProcessingTimeoutException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.progress.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * awaitProcessed(timeout) ends by its timeout (plus the shortest time a poll is given), not by the
 * timeout plus a whole call deadline, when a poll of dataset:view stalls: each poll has only what
 * is left of the timeout. Against a stand-in that answers the first poll and then sends nothing.
 */
class AwaitDeadlineTest {

    /** The calls' own deadline: far longer than the timeouts awaited here, so that a poll bounded by it would show. */
    static final Duration CALL_DEADLINE = Duration.ofSeconds(12);
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** The shortest poll (Dataset.MIN_POLL), and room for abandoning the exchange on 2 loaded cores. */
    static final Duration ALLOWED_PAST = Duration.ofSeconds(2).plusMillis(1500);
    static final String DS = "ds-await";
    static final String PROCESSING = "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"title\":\"Await\",\"files\":[],\"resourceContainers\":["
            + "{\"resourceContainerGUID\":\"rc-1\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"f1\",\"status\":\"processing\"}]}}";

    static StandIn standIn;
    static USmart usmart;

    @BeforeAll
    static void start() {
        standIn = new StandIn();
        usmart = USmart.builder().environment(Map.of()).home(null).baseUrl(standIn.url()).readUrl(standIn.url()).org("org-1")
                .apiKey("key-await", "await-secret-1").connectTimeout(Duration.ofSeconds(2)).readTimeout(CALL_DEADLINE.plusSeconds(5))
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), CALL_DEADLINE)).connect();
        standIn.on("/dataset:view", StandIn.json(200, PROCESSING));
        usmart.dataset(DS).view(); // the first connection and class loading are not what is measured
    }

    @AfterAll
    static void stop() {
        usmart.close();
        standIn.close();
    }

    @BeforeEach
    void reset() {
        standIn.reset();
    }

    private static Set<Long> threadsNow() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    @Test
    void aPollThatStalls_endsWithTheTimeout_notAWholeCallDeadlineLater() throws Exception {
        standIn.on("/dataset:view", StandIn.json(200, PROCESSING), StandIn.noAnswer());
        Set<Long> before = threadsNow();
        long t0 = System.nanoTime();
        ProcessingTimeoutException e = assertThrows(ProcessingTimeoutException.class,
                () -> usmart.dataset(DS).awaitProcessed(TIMEOUT, ProgressListener.none()));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(TIMEOUT) >= 0, "waited its timeout: " + took);
        assertTrue(took.compareTo(TIMEOUT.plus(ALLOWED_PAST)) <= 0, "ended " + took.toMillis() + " ms after it began: " + e.getMessage());
        assertTrue(e.what().contains("rc-1 is processing"), "says what was still pending: " + e.what());
        assertTrue(e.getCause() instanceof TransportException, "the stalled poll is the cause: " + e.getCause());
        assertFalse(e.whatToDo().isBlank());
        assertTrue(standIn.count("/dataset:view") >= 2, standIn.requests().toString());
        assertTrue(standIn.awaitAbandoned(1, Duration.ofSeconds(3)), "the stalled exchange was closed by the kit");
        assertEquals(List.of(), KitThreads.busyAfter(before, Duration.ofSeconds(3)), "no kit thread left in the stalled exchange");
    }

    @Test
    void aFirstPollThatStalls_endsWithTheTimeout_asTheTransportFailure() throws Exception {
        standIn.on("/dataset:view", StandIn.noAnswer());
        Set<Long> before = threadsNow();
        long t0 = System.nanoTime();
        TransportException e = assertThrows(TransportException.class,
                () -> usmart.dataset(DS).awaitProcessed(TIMEOUT, ProgressListener.none()));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(TIMEOUT.plus(ALLOWED_PAST)) <= 0, "ended " + took.toMillis() + " ms after it began: " + e.getMessage());
        assertEquals("dataset:view", e.action());
        assertTrue(e.what().matches(".*deadline of (2\\.9|3\\.0) s.*") && !e.what().contains("deadline of 12"),
                "names the poll's own deadline (what was left of the 3 s), not the call's 12 s: " + e.what());
        assertTrue(standIn.awaitAbandoned(1, Duration.ofSeconds(3)), "the stalled exchange was closed by the kit");
        assertEquals(List.of(), KitThreads.busyAfter(before, Duration.ofSeconds(3)), "no kit thread left in the stalled exchange");
    }

    @Test
    void pollsWithTimeToSpare_keepTheCallsOwnDeadline() {
        // a slow answer (1.5 s) to a poll with 0.5 s of the timeout left still arrives: each poll gets at least 2 s
        standIn.on("/dataset:view", StandIn.json(200, PROCESSING), (req, out) -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            StandIn.json(200, PROCESSING.replace("processing", "complete")).write(req, out);
        });
        var report = usmart.dataset(DS).awaitProcessed(Duration.ofMillis(1500), ProgressListener.none());
        assertTrue(report.ok(), report.toString());
        assertEquals(2, standIn.count("/dataset:view"));
    }
}

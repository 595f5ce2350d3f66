package io.github.usmartkit;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.RateLimitedException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.CAR_API;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries with the sandbox's fault injection: what is repeated, what is checked first, what gives up. */
class RetryTest {

    static Sandbox sandbox;
    static USmart usmart;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start();
        usmart = Sandboxes.connect(sandbox, sandbox.providerKey());
    }

    @AfterAll
    static void stop() {
        usmart.close();
        sandbox.close();
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    @Test
    void view_retriesServerErrors() {
        sandbox.faults().failNext("dataset:view", 503, 2);
        assertEquals(AIR, usmart.dataset(AIR).view().datasetGuid());
    }

    @Test
    void view_retriesResetConnection() {
        sandbox.faults().resetNext("dataset:view", 2);
        assertEquals(AIR, usmart.dataset(AIR).view().datasetGuid());
    }

    @Test
    void view_honoursRetryAfterOn429() {
        sandbox.faults().failNext("dataset:view", 429, 1);
        long start = System.nanoTime();
        assertEquals(AIR, usmart.dataset(AIR).view().datasetGuid());
        // Retry-After: 1 was honoured (our own backoff is at most 200 ms here): a behaviour check, not a benchmark
        assertTrue(System.nanoTime() - start >= 900_000_000L, "waited for Retry-After");
    }

    @Test
    void view_givesUpAfterMaxAttemptsNamingThem() {
        sandbox.faults().failNext("dataset:view", 502, 10);
        ServiceException e = assertThrows(ServiceException.class, () -> usmart.dataset(AIR).view());
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("dataset:view on " + AIR), e.getMessage());
        assertTrue(e.getMessage().contains("BadGateway"), e.getMessage());
    }

    @Test
    void rateLimitExhausted_isRateLimitedException() {
        try (USmart once = Sandboxes.builder(sandbox, sandbox.providerKey())
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5))).connect()) {
            sandbox.faults().failNext("dataset:view", 429, 5);
            RateLimitedException e = assertThrows(RateLimitedException.class, () -> once.dataset(AIR).view());
            assertEquals(429, e.status());
            assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
        }
    }

    @Test
    void noRetryPolicy_failsAtOnce() {
        try (USmart once = Sandboxes.builder(sandbox, sandbox.providerKey()).retryPolicy(RetryPolicy.none()).connect()) {
            sandbox.faults().failNext("dataset:view", 503, 1);
            ServiceException e = assertThrows(ServiceException.class, () -> once.dataset(AIR).view());
            assertEquals(503, e.status());
        }
    }

    @Test
    void refresh_isRetried() {
        sandbox.faults().failNext("resourceContainer:process", 500, 2);
        assertTrue(usmart.dataset(AIR).refresh(AIR_API).ok());
    }

    @Test
    void refreshAll_partialFailureListsEveryPipeline() {
        int pipelines = usmart.dataset(AIR).view().pipelines().size();
        sandbox.faults().failNext("resourceContainer:process", 400, 1);
        io.github.usmartkit.error.RefreshFailedException e = assertThrows(io.github.usmartkit.error.RefreshFailedException.class,
                () -> usmart.dataset(AIR).refreshAll());
        assertTrue(e.getMessage().contains("1 of " + pipelines), e.getMessage());
        assertTrue(e.getMessage().contains(AIR_API) && e.getMessage().contains(Sandboxes.AIR_DOWNLOAD), e.getMessage());
        assertEquals(1, ((io.github.usmartkit.model.RefreshResults) e.results()).failed().size());
    }

    @Test
    void createPipeline_serverErrorIsCheckedThenRepeatedWithoutDuplicate() {
        int before = usmart.dataset(AIR).view().pipelines().size();
        sandbox.faults().failNext("resourceContainer:create", 503, 1);
        PipelineInfo p = usmart.dataset(AIR).createPipeline("csv-to-download");
        assertEquals(before + 1, usmart.dataset(AIR).view().pipelines().size());
        assertTrue(usmart.dataset(AIR).view().pipeline(p.resourceContainerGuid()).isPresent());
    }

    @Test
    void createPipeline_isNotRepeatedAfterRateLimitBeyondPolicy() {
        int before = usmart.dataset(PLAYGROUND).view().pipelines().size();
        sandbox.faults().failNext("resourceContainer:create", 400, 1);
        assertThrows(io.github.usmartkit.error.BadRequestException.class, () -> usmart.dataset(AIR).createPipeline("csv-to-api"));
        assertEquals(before, usmart.dataset(PLAYGROUND).view().pipelines().size());
    }

    @Test
    void reads_areRetried() {
        sandbox.faults().failNext("urql", 503, 2);
        assertEquals(10, usmart.rows(CAR_API, 10).rowCount());
        sandbox.faults().resetNext("dcat", 1);
        assertEquals(4, usmart.catalog().datasets().size());
    }

    @Test
    void action_unknownUnsafeActionIsNotRepeated() {
        sandbox.faults().failNext("file:create", 503, 1);
        ServiceException e = assertThrows(ServiceException.class,
                () -> usmart.action("file:create", Map.of("datasetGUID", PLAYGROUND, "reference", "x", "fileName", "x", "fileSize", 1)));
        assertEquals(503, e.status());
        assertTrue(!e.getMessage().contains("attempts"), "one attempt only: " + e.getMessage());
    }

    @Test
    void unreachableService_isTransportExceptionNamingUrl() {
        try (USmart nowhere = USmart.builder().environment(Map.of()).home(null).baseUrl("http://127.0.0.1:1")
                .org(sandbox.org()).apiKey("k", "secret-x").retryPolicy(Sandboxes.FAST).connect()) {
            TransportException e = assertThrows(TransportException.class, () -> nowhere.dataset(AIR).view());
            assertTrue(e.getMessage().contains("http://127.0.0.1:1"), e.getMessage());
            assertEquals(0, e.status());
        }
    }
}

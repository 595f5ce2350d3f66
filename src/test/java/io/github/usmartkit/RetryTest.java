package io.github.usmartkit;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.RateLimitedException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.model.PipelineInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_API;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries with the sandbox's fault injection: what is repeated, what is checked first, what gives up. */
class RetryTest {

    @RegisterExtension
    static final Sandboxes.Session session = new Sandboxes.Session(b -> b);

    @Test
    void view_retriesServerErrors() {
        session.sandbox().faults().failNext("dataset:view", 503, 2);
        assertEquals(AIR, session.usmart().dataset(AIR).view().datasetGuid());
    }

    @Test
    void view_retriesResetConnection() {
        session.sandbox().faults().resetNext("dataset:view", 2);
        assertEquals(AIR, session.usmart().dataset(AIR).view().datasetGuid());
    }

    @Test
    void view_retriesAfterRateLimit() {
        session.sandbox().faults().failNext("dataset:view", 429, 1);
        assertEquals(AIR, session.usmart().dataset(AIR).view().datasetGuid());
        assertEquals(2, session.log().countOnce("dataset:view", 2));
    }

    @Test
    void view_honoursRetryAfterEvenBeyondItsOwnBackoff() {
        // Our backoff would retry after 10-20 ms, well within the 500 ms budget; the sandbox's
        // Retry-After: 1 does not fit it, so honouring it means giving up after one attempt.
        try (USmart brief = Sandboxes.builder(session.sandbox(), session.sandbox().providerKey())
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(500))).connect()) {
            session.sandbox().faults().failNext("dataset:view", 429, 1);
            RateLimitedException e = assertThrows(RateLimitedException.class, () -> brief.dataset(AIR).view());
            assertEquals(1, e.attempts());
            assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
            assertTrue(e.what().contains("(Retry-After) would pass the call's deadline of 500 ms"), e.what());
            assertEquals(1, session.log().countOnce("dataset:view", 1), session.log().lines().toString());
        }
    }

    @Test
    void view_givesUpWhenTotalTimeIsSpent() {
        try (USmart brief = Sandboxes.builder(session.sandbox(), session.sandbox().providerKey())
                .retryPolicy(new RetryPolicy(50, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(1500))).connect()) {
            session.sandbox().faults().failNext("dataset:view", 503, 50);
            ServiceException e = assertThrows(ServiceException.class, () -> brief.dataset(AIR).view());
            assertEquals(503, e.status(), "the last real failure is reported, not a timeout at the deadline");
            // either the next wait would pass the deadline, or (on a loaded machine) it passed during an attempt
            assertTrue(e.what().contains("deadline of 1.5 s"), e.what());
            assertTrue(e.attempts() > 1 && e.attempts() < 50, "the deadline stopped it before the attempt cap: " + e.attempts());
            long sent = session.log().countOnce("dataset:view", 1);
            assertTrue(sent >= 1 && sent < 50, "the time cap stopped it before the attempt cap: " + sent);
        }
    }

    @Test
    void view_givesUpAfterMaxAttemptsNamingThem() {
        session.sandbox().faults().failNext("dataset:view", 502, 10);
        ServiceException e = assertThrows(ServiceException.class, () -> session.usmart().dataset(AIR).view());
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("dataset:view on " + AIR), e.getMessage());
        assertTrue(e.getMessage().contains("BadGateway"), e.getMessage());
    }

    @Test
    void rateLimitExhausted_isRateLimitedException() {
        try (USmart once = Sandboxes.builder(session.sandbox(), session.sandbox().providerKey())
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5))).connect()) {
            session.sandbox().faults().failNext("dataset:view", 429, 5);
            RateLimitedException e = assertThrows(RateLimitedException.class, () -> once.dataset(AIR).view());
            assertEquals(429, e.status());
            assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
        }
    }

    @Test
    void noRetryPolicy_failsAtOnce() {
        try (USmart once = Sandboxes.builder(session.sandbox(), session.sandbox().providerKey()).retryPolicy(RetryPolicy.none()).connect()) {
            session.sandbox().faults().failNext("dataset:view", 503, 1);
            ServiceException e = assertThrows(ServiceException.class, () -> once.dataset(AIR).view());
            assertEquals(503, e.status());
        }
    }

    @Test
    void refresh_isRetried() {
        session.sandbox().faults().failNext("resourceContainer:process", 500, 2);
        assertTrue(session.usmart().dataset(AIR).refresh(AIR_API).ok());
    }

    @Test
    void refreshAll_partialFailureListsEveryPipeline() {
        int pipelines = session.usmart().dataset(AIR).view().pipelines().size();
        session.sandbox().faults().failNext("resourceContainer:process", 400, 1);
        io.github.usmartkit.error.RefreshFailedException e = assertThrows(io.github.usmartkit.error.RefreshFailedException.class,
                () -> session.usmart().dataset(AIR).refreshAll());
        assertTrue(e.getMessage().contains("1 of " + pipelines), e.getMessage());
        assertTrue(e.getMessage().contains(AIR_API) && e.getMessage().contains(Sandboxes.AIR_DOWNLOAD), e.getMessage());
        assertEquals(1, ((io.github.usmartkit.model.RefreshResults) e.results()).failed().size());
    }

    @Test
    void createPipeline_serverErrorIsCheckedThenRepeatedWithoutDuplicate() {
        int before = session.usmart().dataset(AIR).view().pipelines().size();
        session.sandbox().faults().failNext("resourceContainer:create", 503, 1);
        PipelineInfo p = session.usmart().dataset(AIR).createPipeline("csv-to-download");
        assertEquals(before + 1, session.usmart().dataset(AIR).view().pipelines().size());
        assertTrue(session.usmart().dataset(AIR).view().pipeline(p.resourceContainerGuid()).isPresent());
    }

    @Test
    void createPipeline_appliedButAnswerLostCreatesExactlyOneContainer() {
        int before = session.usmart().dataset(CAR).view().pipelines().size();
        session.sandbox().faults().applyThenFail("resourceContainer:create", 502, 1);
        PipelineInfo p = session.usmart().dataset(CAR).createPipeline("csv-to-download");
        assertEquals(before + 1, session.usmart().dataset(CAR).view().pipelines().size(), "one container, no duplicate");
        assertEquals("csv-to-download", session.usmart().dataset(CAR).view().pipeline(p.resourceContainerGuid()).orElseThrow().pipelineId());
        assertEquals(1, session.log().count("resourceContainer:create"), session.log().lines().toString());
    }

    @Test
    void createPipeline_appliedButConnectionResetCreatesExactlyOneContainer() {
        int before = session.usmart().dataset(CAR).view().pipelines().size();
        session.sandbox().faults().applyThenReset("resourceContainer:create", 1);
        PipelineInfo p = session.usmart().dataset(CAR).createPipeline("csv-to-geojson");
        assertEquals(before + 1, session.usmart().dataset(CAR).view().pipelines().size(), "one container, no duplicate");
        assertTrue(session.usmart().dataset(CAR).view().pipeline(p.resourceContainerGuid()).isPresent());
    }

    @Test
    void createPipeline_persistentServerErrorIsSentOnlyMaxAttemptsTimes() {
        session.sandbox().faults().failNext("resourceContainer:create", 503, 20);
        ServiceException e = assertThrows(ServiceException.class, () -> session.usmart().dataset(CAR).createPipeline("csv-to-api"));
        assertEquals(503, e.status());
        assertEquals(4, session.log().countOnce("resourceContainer:create", 4), "no nested retries: " + session.log().lines());
    }

    @Test
    void createPipeline_isNotRepeatedAfterRateLimitBeyondPolicy() {
        int before = session.usmart().dataset(PLAYGROUND).view().pipelines().size();
        session.sandbox().faults().failNext("resourceContainer:create", 400, 1);
        assertThrows(io.github.usmartkit.error.BadRequestException.class, () -> session.usmart().dataset(AIR).createPipeline("csv-to-api"));
        assertEquals(before, session.usmart().dataset(PLAYGROUND).view().pipelines().size());
    }

    @Test
    void reads_areRetried() {
        session.sandbox().faults().failNext("urql", 503, 2);
        assertEquals(10, session.usmart().rows(CAR_API, 10).rowCount());
        session.sandbox().faults().resetNext("dcat", 1);
        assertEquals(7, session.usmart().catalog().rowCount());
    }

    @Test
    void action_unknownUnsafeActionIsNotRepeated() {
        session.sandbox().faults().failNext("file:create", 503, 1);
        ServiceException e = assertThrows(ServiceException.class,
                () -> session.usmart().action("file:create", Map.of("datasetGUID", PLAYGROUND, "reference", "x", "fileName", "x", "fileSize", 1)));
        assertEquals(503, e.status());
        assertEquals(1, e.attempts(), "one attempt only: " + e.getMessage());
    }

    @Test
    void slowAnswers_failWithinTheirTimeouts() throws java.io.IOException {
        try (io.github.usmartkit.sandbox.Sandbox slow = io.github.usmartkit.sandbox.Sandbox.builder()
                .faults("slow=1,delay=3s,routes=dataset:view|PUT").start();
             USmart impatient = Sandboxes.builder(slow, slow.providerKey()).readTimeout(Duration.ofMillis(300))
                     .retryPolicy(RetryPolicy.none()).connect()) {
            TransportException e = assertThrows(TransportException.class, () -> impatient.dataset(AIR).view());
            assertTrue(e.getMessage().contains("dataset:view on " + AIR) && e.getMessage().contains("read timeout"), e.getMessage());
            java.nio.file.Path f = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("slow", ".csv"), "a,b\n1,2\n");
            try {
                com.fasterxml.jackson.databind.JsonNode signed = impatient.action("s3:generatePutRequest", Map.of("fileName", "slow.csv"));
                io.github.usmartkit.internal.upload.Uploader uploader = new io.github.usmartkit.internal.upload.Uploader(
                        io.github.usmartkit.internal.upload.Uploader.client(Duration.ofSeconds(5), null), Duration.ofMillis(300));
                io.github.usmartkit.error.UploadFailedException put = assertThrows(io.github.usmartkit.error.UploadFailedException.class,
                        () -> uploader.put(java.net.URI.create(signed.path("signedRequest").asText()), "text/csv", f, null));
                assertTrue(put.getMessage().contains("did not answer in time"), put.getMessage());
            } finally {
                java.nio.file.Files.delete(f);
            }
        }
    }

    @Test
    void unreachableService_isTransportExceptionNamingUrl() {
        try (USmart nowhere = USmart.builder().environment(Map.of()).home(null).baseUrl("http://127.0.0.1:1")
                .org(session.sandbox().org()).apiKey("k", "secret-x").retryPolicy(Sandboxes.FAST).connect()) {
            TransportException e = assertThrows(TransportException.class, () -> nowhere.dataset(AIR).view());
            assertTrue(e.getMessage().contains("http://127.0.0.1:1"), e.getMessage());
            assertEquals(0, e.status());
        }
    }
}

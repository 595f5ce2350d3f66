package io.github.usmartkit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultsTest {
    static final String VIEW = "{\"datasetGUID\":\"114f8ea9-b5fa-45dd-af46-f9313dd31762\"}";
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension();

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    @AfterEach
    void clear() {
        sb().faults().clear();
    }

    @Test
    void failNext_failsExactlyThatManyThenRecovers() {
        sb().faults().failNext("dataset:view", 503, 2);
        assertEquals("ServiceUnavailable", TestHttp.post(sb(), "dataset:view", sb().viewerKey(), VIEW).error(503));
        assertEquals("ServiceUnavailable", TestHttp.post(sb(), "dataset:view", sb().viewerKey(), VIEW).error(503));
        assertEquals(200, TestHttp.post(sb(), "dataset:view", sb().viewerKey(), VIEW).status());
    }

    @Test
    void failNext_429CarriesRetryAfter() {
        sb().faults().failNext("urql", 429, 1);
        TestHttp.Resp r = TestHttp.get(sb().baseUrl() + "/org/" + sb().org() + "/e5a73062-ed6c-4282-8262-b33ae725f02b/latest/urql", null);
        assertEquals("TooManyRequests", r.error(429));
        assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void failNext_onPutAnswersS3Xml() {
        var u = TestHttp.ok(sb(), "s3:generatePutRequest", sb().providerKey(), "{\"fileName\":\"a.csv\"}");
        sb().faults().failNext("PUT", 500, 1);
        assertEquals("InternalError", TestHttp.put(u.get("signedRequest").asText(), "text/csv", new byte[] {1}).s3Error(500));
        assertEquals(200, TestHttp.put(u.get("signedRequest").asText(), "text/csv", new byte[] {1}).status());
    }

    @Test
    void failNext_onlyAffectsItsRoute() {
        sb().faults().failNext("file:create", 500, 1);
        assertEquals(200, TestHttp.post(sb(), "dataset:view", sb().viewerKey(), VIEW).status());
        assertEquals("InternalError", TestHttp.post(sb(), "file:create", sb().providerKey(), "{}").error(500));
    }

    @Test
    void resetNext_cutsTheBodyShort() {
        sb().faults().resetNext("dcat", 1);
        HttpRequest req = HttpRequest.newBuilder(URI.create(sb().baseUrl() + "/org/" + sb().org() + "/dcat/public")).build();
        assertThrows(IOException.class, () -> TestHttp.CLIENT.send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, TestHttp.get(sb().baseUrl() + "/org/" + sb().org() + "/dcat/public", null).status());
    }

    @Test
    void expireNextUrls_expiresExactlyN() {
        sb().faults().expireNextUrls(1);
        var expired = TestHttp.ok(sb(), "s3:generatePutRequest", sb().providerKey(), "{\"fileName\":\"a.csv\"}");
        var fresh = TestHttp.ok(sb(), "s3:generatePutRequest", sb().providerKey(), "{\"fileName\":\"a.csv\"}");
        assertEquals("AccessDenied", TestHttp.put(expired.get("signedRequest").asText(), "text/csv", new byte[] {1}).s3Error(403));
        assertEquals(200, TestHttp.put(fresh.get("signedRequest").asText(), "text/csv", new byte[] {1}).status());
    }

    @Test
    void failNext_rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> sb().faults().failNext("", 500, 1));
        assertThrows(IllegalArgumentException.class, () -> sb().faults().failNext("urql", 200, 1));
        assertThrows(IllegalArgumentException.class, () -> sb().faults().failNext("urql", 500, 0));
    }

    @Test
    void randomSpec_sameSeedSameFaults() {
        List<Integer> a = statuses("seed=42,5xx=0.3,429=0.2");
        List<Integer> b = statuses("seed=42,5xx=0.3,429=0.2");
        assertEquals(a, b);
        assertTrue(a.contains(200));
        assertTrue(a.stream().anyMatch(s -> s >= 500));
        assertTrue(a.contains(429));
    }

    private static List<Integer> statuses(String spec) {
        List<Integer> out = new ArrayList<>();
        try (Sandbox s = Sandbox.builder().faults(spec).start()) {
            for (int i = 0; i < 40; i++) {
                out.add(TestHttp.post(s, "dataset:view", s.viewerKey(), VIEW).status());
            }
        }
        return out;
    }

    @Test
    void randomSpec_routesLimitWhereFaultsFall() {
        try (Sandbox s = Sandbox.builder().faults("seed=1,5xx=1,routes=urql").start()) {
            assertEquals(200, TestHttp.post(s, "dataset:view", s.viewerKey(), VIEW).status());
            assertTrue(TestHttp.get(s.baseUrl() + "/org/" + s.org() + "/e5a73062-ed6c-4282-8262-b33ae725f02b/latest/urql", null).status() >= 500);
        }
    }

    @Test
    void randomSpec_badSpecNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().faults("5xx=2"));
        assertTrue(e.getMessage().contains("5xx"));
        assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().faults("colour=blue"));
        assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().faults("delay=soon"));
    }

    @Test
    void randomSpec_resetCutsAndExpireExpires() {
        try (Sandbox s = Sandbox.builder().faults("seed=3,reset=1,routes=dcat").start()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/org/" + s.org() + "/dcat/public")).build();
            assertThrows(IOException.class, () -> TestHttp.CLIENT.send(req, HttpResponse.BodyHandlers.ofString()));
        }
        try (Sandbox s = Sandbox.builder().faults("seed=3,expire=1").start()) {
            var u = TestHttp.ok(s, "s3:generatePutRequest", s.providerKey(), "{\"fileName\":\"a.csv\"}");
            assertEquals("AccessDenied", TestHttp.put(u.get("signedRequest").asText(), "text/csv", new byte[] {1}).s3Error(403));
            assertEquals("seed=3,expire=1", s.faults().spec());
        }
    }

    @Test
    void randomSpec_slowStillAnswers() {
        try (Sandbox s = Sandbox.builder().faults("seed=1,slow=1,delay=50ms").start()) {
            assertEquals(200, TestHttp.post(s, "dataset:view", s.viewerKey(), VIEW).status());
        }
    }

    @Test
    void randomSpec_offAndFlakyPresets() {
        try (Sandbox s = Sandbox.builder().faults("off").start()) {
            assertEquals("off", s.faults().spec());
        }
        try (Sandbox s = Sandbox.builder().faults("flaky").start()) {
            assertTrue(s.faults().spec().contains("5xx=0.1"));
        }
    }

    @Test
    void failNext_onDownloadRoute() {
        sb().faults().failNext("resource", 502, 1);
        String url = sb().baseUrl() + "/org/" + sb().org() + "/resource?resourceGUID=" + DemoGuids.CAR_FILE;
        assertEquals("BadGateway", TestHttp.get(url, null).error(502));
        assertEquals(200, TestHttp.get(url, null).status());
    }

    @Test
    void requestLogShowsWhatTheClientMet_andTheCountsAgree() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream log = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        try (Sandbox s = Sandbox.builder().requestLog(log).start()) {
            String org = "/org/" + s.org() + "/";
            s.faults().failNext("dataset:view", 503, 1).failNext("urql", 429, 1).resetNext("dcat", 1).expireNextUrls(1);
            TestHttp.post(s, "dataset:view", s.viewerKey(), VIEW);
            TestHttp.get(s.baseUrl() + org + DemoGuids.AIR_API + "/latest/urql", null);
            HttpRequest dcat = HttpRequest.newBuilder(URI.create(s.baseUrl() + org + "dcat/public")).build();
            assertThrows(IOException.class, () -> TestHttp.CLIENT.send(dcat, HttpResponse.BodyHandlers.ofString()));
            var expired = TestHttp.ok(s, "s3:generatePutRequest", s.providerKey(), "{\"fileName\":\"a.csv\"}");
            assertEquals("AccessDenied", TestHttp.put(expired.get("signedRequest").asText(), "text/csv", new byte[] {1}).s3Error(403));
            String ref = TestHttp.upload(s, "b.csv", "a\n1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.faults().applyThenFail("file:create", 502, 1);
            assertEquals(502, TestHttp.post(s, "file:create", s.providerKey(), TestHttp.fileCreateBody(DemoGuids.PLAYGROUND, ref, "b.csv", 4)).status());
            var put = TestHttp.ok(s, "s3:generatePutRequest", s.providerKey(), "{\"fileName\":\"c.csv\"}");
            s.faults().applyThenReset("PUT", 1);
            assertThrows(java.io.UncheckedIOException.class, () -> TestHttp.put(put.get("signedRequest").asText(), "text/csv", new byte[] {1}));
            assertEquals(200, TestHttp.post(s, "dataset:view", s.viewerKey(), VIEW).status());

            List<String> lines = awaitLines(bytes, 11);
            assertLine(lines, "POST " + org + "dataset:view 503 injected ");
            assertLine(lines, "GET " + org + DemoGuids.AIR_API + "/latest/urql 429 injected ");
            assertLine(lines, "GET " + org + "dcat/public reset injected ");
            assertLine(lines, "POST " + org + "s3:generatePutRequest 200 expired-url ");
            assertLine(lines, "POST " + org + "file:create 502 lost-after-apply ");
            assertLine(lines, "reset lost-after-apply ");
            assertLine(lines, "POST " + org + "dataset:view 200 ");
            for (String l : lines) {
                assertFalse(l.contains("?") || l.contains("X-Usmart") || l.contains(s.providerKey().secret()), l);
            }
            Map<SandboxFaults.Injected, Long> n = s.faults().injected();
            assertEquals(1L, n.get(SandboxFaults.Injected.ERROR));
            assertEquals(1L, n.get(SandboxFaults.Injected.TOO_MANY_REQUESTS));
            assertEquals(1L, n.get(SandboxFaults.Injected.RESET));
            assertEquals(1L, n.get(SandboxFaults.Injected.EXPIRED_URL));
            assertEquals(1L, n.get(SandboxFaults.Injected.LOST_ERROR));
            assertEquals(1L, n.get(SandboxFaults.Injected.LOST_RESET));
            assertEquals(0L, n.get(SandboxFaults.Injected.SLOW));
            assertThrows(UnsupportedOperationException.class, () -> n.put(SandboxFaults.Injected.SLOW, 5L));
            s.faults().clear();
            assertEquals(n, s.faults().injected(), "clear() drops queued faults, not the counts");
        }
    }

    @Test
    void requestLogShowsSlowAnswersWithTheirDelay() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream log = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        try (Sandbox s = Sandbox.builder().faults("seed=1,slow=1,delay=50ms,routes=dataset:view").requestLog(log).start()) {
            assertEquals(200, TestHttp.post(s, "dataset:view", s.viewerKey(), VIEW).status());
            assertLine(awaitLines(bytes, 1), "POST /org/" + s.org() + "/dataset:view 200 slow 50ms ");
            assertEquals(1L, s.faults().injected().get(SandboxFaults.Injected.SLOW));
        }
    }

    @Test
    void randomLost_carriesWritesOutThenLosesTheirAnswers() {
        try (Sandbox s = Sandbox.builder().faults("seed=5,lost=1,routes=file:create|dataset:view").start()) {
            int before = TestHttp.view(s, DemoGuids.PLAYGROUND).get("files").size(); // a read: never lost
            int errors = 0;
            int resets = 0;
            for (int i = 0; i < 8; i++) {
                String name = "lost-" + i + ".csv";
                String ref = TestHttp.upload(s, name, "a\n1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    TestHttp.Resp r = TestHttp.post(s, "file:create", s.providerKey(), TestHttp.fileCreateBody(DemoGuids.PLAYGROUND, ref, name, 4));
                    assertTrue(r.status() >= 500, r.body());
                    errors++;
                } catch (java.io.UncheckedIOException cut) {
                    resets++;
                }
            }
            assertTrue(errors > 0 && resets > 0, "both ways of losing an answer: " + errors + " errors, " + resets + " resets");
            assertEquals(before + 8, TestHttp.view(s, DemoGuids.PLAYGROUND).get("files").size(), "every lost create landed");
            Map<SandboxFaults.Injected, Long> n = s.faults().injected();
            assertEquals((long) errors, n.get(SandboxFaults.Injected.LOST_ERROR));
            assertEquals((long) resets, n.get(SandboxFaults.Injected.LOST_RESET));
        }
        // a PUT: stored, though its answer is lost
        try (Sandbox s = Sandbox.builder().faults("seed=2,lost=1,routes=PUT").start()) {
            var u = TestHttp.ok(s, "s3:generatePutRequest", s.providerKey(), "{\"fileName\":\"p.csv\"}");
            try {
                assertTrue(TestHttp.put(u.get("signedRequest").asText(), "text/csv", "a\n1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).status() >= 500);
            } catch (java.io.UncheckedIOException cut) {
                // the other way to lose it
            }
            assertEquals(200, TestHttp.post(s, "file:create", s.providerKey(),
                    TestHttp.fileCreateBody(DemoGuids.PLAYGROUND, u.get("reference").asText(), "p.csv", 4)).status());
        }
    }

    @Test
    void randomLost_badValuesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().faults("lost=2"));
        assertTrue(e.getMessage().contains("lost"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().faults("5xx=0.6,lost=0.5"));
        assertTrue(e.getMessage().contains("lost"), e.getMessage());
    }

    private static List<String> awaitLines(java.io.ByteArrayOutputStream bytes, int atLeast) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        List<String> lines;
        while ((lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList()).size() < atLeast && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return lines;
    }

    private static void assertLine(List<String> lines, String part) {
        assertTrue(lines.stream().anyMatch(l -> l.contains(part)), "no line with '" + part + "' in\n" + String.join("\n", lines));
    }
}

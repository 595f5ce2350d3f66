package io.github.usmartkit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FaultsTest {
    static final String VIEW = "{\"datasetGUID\":\"114f8ea9-b5fa-45dd-af46-f9313dd31762\"}";
    static Sandbox sb;

    @BeforeAll
    static void start() {
        sb = Sandbox.start();
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @AfterEach
    void clear() {
        sb.faults().clear();
    }

    @Test
    void failNext_failsExactlyThatManyThenRecovers() {
        sb.faults().failNext("dataset:view", 503, 2);
        assertEquals("ServiceUnavailable", TestHttp.post(sb, "dataset:view", sb.viewerKey(), VIEW).error(503));
        assertEquals("ServiceUnavailable", TestHttp.post(sb, "dataset:view", sb.viewerKey(), VIEW).error(503));
        assertEquals(200, TestHttp.post(sb, "dataset:view", sb.viewerKey(), VIEW).status());
    }

    @Test
    void failNext_429CarriesRetryAfter() {
        sb.faults().failNext("urql", 429, 1);
        TestHttp.Resp r = TestHttp.get(sb.baseUrl() + "/org/" + sb.org() + "/e5a73062-ed6c-4282-8262-b33ae725f02b/latest/urql", null);
        assertEquals("TooManyRequests", r.error(429));
        assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void failNext_onPutAnswersS3Xml() {
        var u = TestHttp.ok(sb, "s3:generatePutRequest", sb.providerKey(), "{\"fileName\":\"a.csv\"}");
        sb.faults().failNext("PUT", 500, 1);
        assertEquals("InternalError", TestHttp.put(u.get("signedRequest").asText(), "text/csv", new byte[] {1}).s3Error(500));
        assertEquals(200, TestHttp.put(u.get("signedRequest").asText(), "text/csv", new byte[] {1}).status());
    }

    @Test
    void failNext_onlyAffectsItsRoute() {
        sb.faults().failNext("file:create", 500, 1);
        assertEquals(200, TestHttp.post(sb, "dataset:view", sb.viewerKey(), VIEW).status());
        assertEquals("InternalError", TestHttp.post(sb, "file:create", sb.providerKey(), "{}").error(500));
    }

    @Test
    void resetNext_cutsTheBodyShort() {
        sb.faults().resetNext("dcat", 1);
        HttpRequest req = HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/org/" + sb.org() + "/dcat/public")).build();
        assertThrows(IOException.class, () -> TestHttp.CLIENT.send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, TestHttp.get(sb.baseUrl() + "/org/" + sb.org() + "/dcat/public", null).status());
    }

    @Test
    void expireNextUrls_expiresExactlyN() {
        sb.faults().expireNextUrls(1);
        var expired = TestHttp.ok(sb, "s3:generatePutRequest", sb.providerKey(), "{\"fileName\":\"a.csv\"}");
        var fresh = TestHttp.ok(sb, "s3:generatePutRequest", sb.providerKey(), "{\"fileName\":\"a.csv\"}");
        assertEquals("AccessDenied", TestHttp.put(expired.get("signedRequest").asText(), "text/csv", new byte[] {1}).s3Error(403));
        assertEquals(200, TestHttp.put(fresh.get("signedRequest").asText(), "text/csv", new byte[] {1}).status());
    }

    @Test
    void failNext_rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> sb.faults().failNext("", 500, 1));
        assertThrows(IllegalArgumentException.class, () -> sb.faults().failNext("urql", 200, 1));
        assertThrows(IllegalArgumentException.class, () -> sb.faults().failNext("urql", 500, 0));
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
        sb.faults().failNext("resource", 502, 1);
        String url = sb.baseUrl() + "/org/" + sb.org() + "/resource?resourceGUID=" + DemoGuids.CAR_FILE;
        assertEquals("BadGateway", TestHttp.get(url, null).error(502));
        assertEquals(200, TestHttp.get(url, null).status());
    }
}

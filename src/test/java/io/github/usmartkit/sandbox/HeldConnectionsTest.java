package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Clients that open a connection, send part of a request and then nothing: the sandbox keeps
 * answering others, closes the held connections once their time to send is up, and answers 503
 * with Retry-After when every request thread is taken. Real sockets over loopback; the bounds
 * asserted are generous ("within seconds"), never a speed.
 */
class HeldConnectionsTest {
    static final String VIEW = "{\"datasetGUID\":\"" + AIR + "\"}";
    static final int HELD = 1000;

    @Test
    void thousandHeldConnections_aNormalRequestIsStillAnswered_thenTheHeldOnesAreClosedWithinTheBound() throws Exception {
        // long bounds first: every held connection is surely still held while the normal request runs
        try (Sandbox sb = Sandbox.builder().requestTimeouts(Duration.ofSeconds(120), Duration.ofSeconds(120)).start()) {
            List<Socket> held = holdMixed(sb, HELD);
            try {
                awaitAtLeast(sb::activeExchanges, HELD, "the sandbox to be serving every held connection");
                TestHttp.Resp r = sendWithin(sb, Duration.ofSeconds(5));
                assertEquals(200, r.status(), r.body());
                assertTrue(sb.activeExchanges() >= HELD, "the held connections were still held while it was answered: " + sb.activeExchanges());
                // a PUT too (the object store's path)
                JsonNode u = TestHttp.ok(sb, "s3:generatePutRequest", sb.providerKey(), "{\"fileName\":\"held.csv\"}");
                assertEquals(200, TestHttp.put(u.get("signedRequest").asText(), "text/csv", new byte[] {1, 2, 3}).status());
            } finally {
                closeAll(held);
            }
        }
        // short bounds: the held connections are closed (or answered) once their time is up
        Duration bound = Duration.ofSeconds(2);
        try (Sandbox sb = Sandbox.builder().requestTimeouts(bound, bound).start()) {
            List<Socket> held = holdMixed(sb, HELD);
            try {
                // bounded wait, not a speed: each held connection must end within the bound plus generous slack
                long deadline = System.nanoTime() + bound.plusSeconds(20).toNanos();
                int ended = 0;
                for (Socket s : held) {
                    if (endsBefore(s, deadline)) {
                        ended++;
                    }
                }
                assertEquals(HELD, ended, "held connections the sandbox closed or answered");
                awaitAtMost(sb::activeExchanges, 0, "every request thread to be free again");
                assertEquals(200, sendWithin(sb, Duration.ofSeconds(5)).status());
            } finally {
                closeAll(held);
            }
        }
    }

    @Test
    void everyThreadBusy_answers503WithRetryAfter_andRecovers() throws Exception {
        try (Sandbox sb = Sandbox.builder().threads(4).requestTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60)).start()) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(partialHeaders(sb));
                }
                awaitAtLeast(sb::activeExchanges, 4, "the four request threads to be taken");
                TestHttp.Resp r = sendWithin(sb, Duration.ofSeconds(5));
                assertEquals("ServiceUnavailable", r.error(503));
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                assertTrue(r.json().get("error").get("message").asText().contains("busy"), r.body());
                // the object store answers in S3's XML
                TestHttp.Resp put = TestHttp.send(HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/s3/usmart-uploads/uploads/x/y.csv"))
                        .timeout(Duration.ofSeconds(5)).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build());
                assertEquals("ServiceUnavailable", put.s3Error(503));
                assertEquals("1", put.headers().firstValue("Retry-After").orElse(null));
            } finally {
                closeAll(held);
            }
            // the held clients went away: the threads are free and requests are served again
            awaitAtMost(sb::activeExchanges, 0, "the request threads to be free");
            assertEquals(200, sendWithin(sb, Duration.ofSeconds(5)).status());
        }
    }

    @Test
    void evenTheOverflowThreadsHeld_aNewRequestIsRefusedAtOnceNotLeftHanging() throws Exception {
        try (Sandbox sb = Sandbox.builder().threads(2).requestTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60)).start()) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2 + 16 + 10; i++) {
                    held.add(partialHeaders(sb));
                }
                awaitAtLeast(sb::activeExchanges, 2, "the request threads to be taken");
                HttpRequest req = TestHttp.postRequest(sb.baseUrl() + "/org/" + sb.org() + "/dataset:view", sb.viewerKey(), VIEW);
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(req, (k, v) -> true)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(503, r.statusCode(), r.body()); // an overflow thread came free in time
                } catch (java.net.http.HttpTimeoutException hung) {
                    fail("the request was left hanging instead of refused");
                } catch (IOException refused) {
                    // the connection was closed at once: the dispatcher refused the exchange
                }
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
            } finally {
                closeAll(held);
            }
        }
    }

    /** 40 % partial headers, 30 % control-plane bodies cut short, 30 % uploads cut short. */
    private static List<Socket> holdMixed(Sandbox sb, int n) {
        JsonNode u = TestHttp.ok(sb, "s3:generatePutRequest", sb.providerKey(), "{\"fileName\":\"held.csv\"}");
        URI put = URI.create(u.get("signedRequest").asText());
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(switch (i % 10) {
                    case 0, 1, 2, 3 -> partialHeaders(sb);
                    case 4, 5, 6 -> open(sb, "POST /org/" + sb.org() + "/dataset:view HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "api-key-id: " + sb.viewerKey().id() + "\r\napi-key-secret: " + sb.viewerKey().secret()
                            + "\r\nContent-Length: 100\r\n\r\n{\"dataset");
                    default -> open(sb, "PUT " + put.getRawPath() + "?" + put.getRawQuery() + " HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: text/csv\r\nContent-Length: 100000\r\n\r\na,b\n1,2\n");
                });
            }
        } catch (RuntimeException e) {
            closeAll(held);
            throw e;
        }
        return held;
    }

    private static Socket partialHeaders(Sandbox sb) {
        return open(sb, "POST /org/" + sb.org() + "/dataset:view HTTP/1.1\r\nHost: x\r\nContent-Ty");
    }

    private static Socket open(Sandbox sb, String bytes) {
        try {
            Socket s = new Socket("127.0.0.1", sb.port());
            s.getOutputStream().write(bytes.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closes (or answers and closes) the connection before {@code deadline}. */
    private static boolean endsBefore(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            s.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private static TestHttp.Resp sendWithin(Sandbox sb, Duration limit) {
        HttpRequest req = TestHttp.postRequest(sb.baseUrl() + "/org/" + sb.org() + "/dataset:view", sb.viewerKey(), VIEW);
        return TestHttp.send(HttpRequest.newBuilder(req, (k, v) -> true).timeout(limit).build());
    }

    private static void awaitAtLeast(IntSupplier value, int atLeast, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (value.getAsInt() < atLeast) {
            if (System.nanoTime() > end) {
                fail("waited 60 s for " + what + ": " + value.getAsInt() + " of " + atLeast);
            }
            Thread.sleep(20);
        }
    }

    private static void awaitAtMost(IntSupplier value, int atMost, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (value.getAsInt() > atMost) {
            if (System.nanoTime() > end) {
                fail("waited 30 s for " + what + ": " + value.getAsInt());
            }
            Thread.sleep(20);
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

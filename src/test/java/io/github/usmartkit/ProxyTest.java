package io.github.usmartkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every call (control plane, PUT, reads) goes through a proxy that demands basic authentication. */
class ProxyTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "proxy-pass-4321";
    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "proxy-authorization",
            "proxy-connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "te", "trailer");

    static Sandbox sandbox;
    static HttpServer proxy;
    static final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final List<String> forwarded = new CopyOnWriteArrayList<>();
    static final AtomicInteger challenged = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.start();
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", ProxyTest::forward);
        proxy.start();
    }

    @AfterAll
    static void stop() {
        proxy.stop(0);
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        forwarded.clear();
        challenged.set(0);
    }

    private static void forward(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Proxy-Authorization"))) {
            challenged.incrementAndGet();
            ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"test\"");
            ex.sendResponseHeaders(407, -1);
            ex.close();
            return;
        }
        forwarded.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        HttpRequest.Builder b = HttpRequest.newBuilder(ex.getRequestURI())
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> b.header(k, v));
            }
        });
        try {
            HttpResponse<byte[]> r = upstream.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
        }
        ex.close();
    }

    private USmart viaProxy(String password) {
        return Sandboxes.builder(sandbox, sandbox.providerKey())
                .proxy("127.0.0.1", proxy.getAddress().getPort(), USER, password).connect();
    }

    @Test
    void proxyWithAuthentication_carriesViewUploadAndReads() throws IOException {
        try (USmart u = viaProxy(PASSWORD)) {
            assertEquals(Sandboxes.AIR, u.dataset(Sandboxes.AIR).view().datasetGuid());
            var r = u.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "via-proxy.csv", 10));
            assertEquals(Boolean.TRUE, r.etagMatches(), "the streamed body was sent again whole after the 407");
            assertEquals(5, u.rows(Sandboxes.CAR_API, 5).rowCount());
        }
        assertTrue(challenged.get() >= 1, "the proxy asked for credentials");
        assertTrue(forwarded.stream().anyMatch(s -> s.startsWith("POST ") && s.endsWith("/dataset:view")), forwarded.toString());
        assertTrue(forwarded.stream().anyMatch(s -> s.startsWith("PUT /s3/")), forwarded.toString());
        assertTrue(forwarded.stream().anyMatch(s -> s.endsWith("/file:create")), forwarded.toString());
        assertTrue(forwarded.stream().anyMatch(s -> s.endsWith("/urql")), forwarded.toString());
    }

    @Test
    void proxyRefusingCredentials_saysSoWithoutPassword() {
        try (USmart u = viaProxy("wrong-" + PASSWORD)) {
            USmartException e = assertThrows(USmartException.class, () -> u.dataset(Sandboxes.AIR).view());
            assertTrue(e instanceof io.github.usmartkit.error.TransportException, e.toString());
            assertTrue(e.getMessage().contains("proxy refused its credentials"), e.getMessage());
            assertFalse(e.getMessage().contains("attempts"), "not retried: " + e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
            assertFalse(u.toString().contains(PASSWORD));
            assertFalse(u.settings().toString().contains(PASSWORD));
        }
        assertTrue(forwarded.isEmpty());
    }
}

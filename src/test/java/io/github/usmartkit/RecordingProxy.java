package io.github.usmartkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forward HTTP proxy on loopback (plain http: requests arrive with absolute URIs) that records
 * what passes through it: each request's method, path and whole URI (so a test knows every
 * signed URL's query string the kit sent), optionally demanding basic authentication first.
 */
final class RecordingProxy implements AutoCloseable {

    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "proxy-authorization",
            "proxy-connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "te", "trailer");

    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String expected;
    /** {@code METHOD /path} of each request forwarded. */
    final List<String> forwarded = new CopyOnWriteArrayList<>();
    /** The whole URI of each request forwarded, query string included. */
    final List<URI> uris = new CopyOnWriteArrayList<>();
    /** Requests answered 407 for want of the right credentials. */
    final AtomicInteger challenged = new AtomicInteger();

    /** A proxy demanding {@code user}:{@code password}, or none when {@code user} is null. */
    RecordingProxy(String user, String password) throws IOException {
        this.expected = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void clear() {
        forwarded.clear();
        uris.clear();
        challenged.set(0);
    }

    private void forward(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        if (expected != null && !expected.equals(ex.getRequestHeaders().getFirst("Proxy-Authorization"))) {
            challenged.incrementAndGet();
            ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"test\"");
            ex.sendResponseHeaders(407, -1);
            ex.close();
            return;
        }
        forwarded.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        uris.add(ex.getRequestURI());
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
        } catch (IOException e) {
            ex.sendResponseHeaders(502, -1);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

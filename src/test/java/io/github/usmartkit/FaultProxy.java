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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A loopback forwarder to a sandbox that injects faults in an order the sandbox's own queues
 * cannot: after a request to one route has passed, the next requests to another route fail
 * ({@code afterThat("resourceContainer:create", "dataset:view", 503, 4)}). Everything else is
 * forwarded as it is, over real HTTP.
 */
final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding", "upgrade",
            "expect", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private String seen;
    private String failing;
    private int status;
    private int times;
    private boolean armed;

    FaultProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** After the next request to {@code seenRoute}, the next {@code n} requests to {@code failRoute} get {@code status}. */
    synchronized void afterThat(String seenRoute, String failRoute, int status, int n) {
        this.seen = seenRoute;
        this.failing = failRoute;
        this.status = status;
        this.times = n;
        this.armed = false;
    }

    private synchronized boolean fails(String path) {
        if (failing != null && armed && times > 0 && path.endsWith("/" + failing)) {
            times--;
            return true;
        }
        return false;
    }

    private synchronized void passed(String path) {
        if (seen != null && path.endsWith("/" + seen)) {
            armed = true;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getPath();
        if (fails(path)) {
            byte[] b = ("{\"error\":{\"status\":" + status + ",\"code\":\"ServiceUnavailable\",\"message\":\"injected by the test proxy\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (!HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        HttpResponse<byte[]> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        passed(path);
        r.headers().map().forEach((k, v) -> {
            if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.equals(":status")) {
                v.forEach(x -> ex.getResponseHeaders().add(k, x));
            }
        });
        ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(r.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

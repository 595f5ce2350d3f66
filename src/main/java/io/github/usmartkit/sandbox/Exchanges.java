package io.github.usmartkit.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Writing answers on a JDK {@link HttpExchange}: JSON, JSON errors, S3 XML errors, cut bodies. */
final class Exchanges {
    private Exchanges() {
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        json(ex, status, body, "application/json");
    }

    static void json(HttpExchange ex, int status, Object body, String contentType) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    static void jsonError(HttpExchange ex, ApiError e) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode err = body.putObject("error");
        err.put("status", e.status);
        err.put("code", e.code);
        err.put("message", e.getMessage());
        if (e.term != null) {
            err.put("term", e.term);
            err.put("position", e.position);
        }
        if (e.status == 429) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        json(ex, e.status, body);
    }

    static void xmlError(HttpExchange ex, ApiError e) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + escape(e.code) + "</Code><Message>"
                + escape(e.getMessage()) + "</Message><RequestId>" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                + "</RequestId></Error>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        if (e.status == 429) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(e.status, -1);
            return;
        }
        ex.sendResponseHeaders(e.status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Declares a body length, sends a third of it, then makes the JDK server drop the connection:
     * a handler that throws after writing part of a fixed-length body gets its connection closed
     * (ServerImpl.Exchange.run closes it on any exception), which is the client's "reset mid-body".
     */
    static void cutShort(HttpExchange ex) throws IOException {
        byte[] body = "{\"result\": {\"note\": \"the sandbox cut this answer short on purpose (fault injection); retry the request\"}}"
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        OutputStream os = ex.getResponseBody();
        os.write(body, 0, body.length / 3);
        os.flush();
        throw new ConnectionCut();
    }

    /** Propagates out of the handler so that the server closes the connection. */
    static final class ConnectionCut extends RuntimeException {
        ConnectionCut() {
            super("connection cut on purpose", null, false, false);
        }
    }

    /** The largest request body of the control plane; more is refused (413). */
    static final int MAX_BODY = 1 << 20;

    static byte[] readBody(HttpExchange ex, int max) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new ApiError(413, "PayloadTooLarge", "the request body is over " + max + " bytes; control-plane bodies are small JSON objects");
            }
            return bytes;
        }
    }

    /** Decodes a path segment or URQL term: a {@code +} stays a plus. */
    static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Query parameters of a plain {@code a=b&c=d} query (first value wins). */
    static Map<String, String> params(String rawQuery) {
        Map<String, String> m = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return m;
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decodeForm(part.substring(eq + 1));
            m.putIfAbsent(k, v);
        }
        return m;
    }

    /** Decodes a query value as a form does ({@code +} is a space), unlike {@link #decode}. */
    static String decodeForm(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

package io.github.usmartkit.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the service's JSON envelope: {@code {"result": …}} on success; an error object
 * ({@code {"error": {"status", "code", "message"}}} and the other spellings met in practice) — also
 * when it comes with HTTP 200, where it is treated exactly like the status inside; and bodies that
 * are not JSON at all (HTML error pages, empty bodies), reported as such with an excerpt.
 */
public final class Envelope {

    private Envelope() {
    }

    /** A 2xx answer: its {@code result} (the whole answer if it has no envelope), or the problem it reports. */
    public static Outcome<JsonNode> success(Action action, String guid, int status, String contentType, byte[] body,
                                            String baseUrl, String org) {
        if (body == null || body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return Outcome.failed(new Problem(Kind.SERVICE, Failure.of(action.name(), guid,
                    "the service answered HTTP " + status + " with an empty body where JSON was expected",
                    "This is a service fault; try again later, and report it if it persists")
                    .withStatus(status).withService(null, "empty body"), null, true, true));
        }
        JsonNode node;
        try {
            node = Json.tree(body);
        } catch (IOException e) {
            return Outcome.failed(Problem.definite(Kind.SERVICE, Failure.of(action.name(), guid,
                    "the service answered HTTP " + status + " with something that is not JSON",
                    "Check USMART_BASE_URL points at the uSmart API (" + baseUrl + "), not a web page or a proxy's login page")
                    .withStatus(status).withService(null, nonJson(contentType, body)), null));
        }
        JsonNode error = errorNode(node);
        if (error != null) {
            int inner = error.path("status").asInt(ErrorMapping.statusOfCode(text(error.path("code"))));
            return Outcome.failed(ErrorMapping.answered(action, guid, inner, status, text(error.path("code")),
                    errorMessage(error, node), null, org));
        }
        return Outcome.ok(node.has("result") ? node.get("result") : node);
    }

    /** A non-2xx answer as a problem, with the service's code and message when its body has them. */
    public static Problem failure(Action action, String guid, int status, String contentType, byte[] body,
                                  String retryAfter, String location, String org) {
        if (status >= 300 && status < 400) {
            return ErrorMapping.redirect(action, guid, status, location);
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        String code = null;
        String message;
        JsonNode node = null;
        try {
            node = text.isBlank() ? null : Json.tree(text);
        } catch (IOException ignored) {
            // not JSON: reported below as such
        }
        if (node != null && node.isObject()) {
            JsonNode error = errorNode(node);
            JsonNode src = error != null ? error : node;
            code = text(src.path("code"));
            message = errorMessage(src, node);
        } else if (text.isBlank()) {
            message = "empty body";
        } else {
            message = nonJson(contentType, body);
        }
        Duration wait = ErrorMapping.retryAfter(retryAfter);
        return ErrorMapping.answered(action, guid, status, status, code, message, wait, org);
    }

    private static String nonJson(String contentType, byte[] body) {
        return "non-JSON answer" + (contentType == null || contentType.isEmpty() ? "" : " (" + contentType + ")") + ": "
                + Redaction.excerpt(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8), 160);
    }

    private static JsonNode errorNode(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        JsonNode e = node.get("error");
        if (e != null && !e.isNull() && !(e.isBoolean() && !e.asBoolean())) {
            return e.isObject() ? e : node;
        }
        String status = node.path("status").asText("");
        if (!node.has("result") && (status.equalsIgnoreCase("error") || status.equalsIgnoreCase("fail")
                || node.has("errorMessage"))) {
            return node;
        }
        return null;
    }

    private static String errorMessage(JsonNode error, JsonNode whole) {
        for (String k : new String[] {"message", "errorMessage", "msg", "detail", "description"}) {
            if (error.hasNonNull(k) && error.get(k).isValueNode()) {
                return error.get(k).asText();
            }
        }
        JsonNode e = whole.get("error");
        if (e != null && e.isTextual()) {
            return e.asText();
        }
        return Redaction.excerpt(whole.toString(), 160);
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}

package io.github.usmartkit.internal.http;

import io.github.usmartkit.internal.text.Redaction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.usmartkit.config.ApiKey;
import io.github.usmartkit.config.ProxySettings;
import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.http.Retrier.Outcome;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.Unirest;
import kong.unirest.core.UnirestException;
import kong.unirest.core.UnirestInstance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The kit's HTTP layer for the control plane, the read API and DCAT: a private Unirest
 * instance (never the global one, so settings of other code in the same JShell do not leak in),
 * the API key headers, the one place where HTTP statuses become exceptions (Unirest does not
 * throw on 4xx/5xx), and retries.
 */
public final class Transport implements AutoCloseable {

    /** The one JSON mapper of the kit: lenient about unknown properties. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final UnirestInstance http;
    private final String baseUrl;
    private final String readUrl;
    private final String org;
    private final ApiKey key;
    private final String[] secrets;
    private final Retrier retrier;
    private final Duration readTimeout;
    private final Duration connectTimeout;
    private final java.util.concurrent.ExecutorService executor = Threads.daemonPool("usmart-http");
    private final java.util.concurrent.ExecutorService callers = Threads.daemonPool("usmart-call");

    /**
     * @param baseUrl        control plane, e.g. {@code https://data.usmart.io} (no trailing slash)
     * @param readUrl        read API, e.g. {@code https://api.usmart.io}
     * @param org            organisation GUID
     * @param key            the API key, or null for anonymous reads
     * @param connectTimeout connect timeout of every call
     * @param readTimeout    time allowed for a whole answer
     * @param proxy          proxy, or null
     * @param retry          retry policy
     */
    public Transport(String baseUrl, String readUrl, String org, ApiKey key, Duration connectTimeout,
                     Duration readTimeout, ProxySettings proxy, RetryPolicy retry) {
        this.baseUrl = Objects.requireNonNull(baseUrl);
        this.readUrl = Objects.requireNonNull(readUrl);
        this.org = Objects.requireNonNull(org);
        this.key = key;
        this.readTimeout = Objects.requireNonNull(readTimeout);
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.secrets = key == null ? new String[0] : new String[] {key.secret()};
        this.retrier = new Retrier(retry, secrets);
        this.http = Unirest.spawnInstance();
        http.config()
                .connectTimeout((int) connectTimeout.toMillis())
                .requestTimeout((int) readTimeout.toMillis())
                // Never follow: the JDK client would send the api-key headers to wherever it points.
                .followRedirects(false)
                // We do our own retries (which know what is safe to repeat).
                .retryAfter(false)
                .setDefaultHeader("User-Agent", "usmart-kit/0.1 (Java " + Runtime.version().feature() + ")");
        if (proxy != null) {
            if (proxy.authenticated()) {
                http.config().proxy(proxy.host(), proxy.port(), proxy.user(), proxy.password());
            } else {
                http.config().proxy(proxy.host(), proxy.port());
            }
        }
        http.config().executor(executor);
        // Build the JDK client now, outside the caller's thread group (see Threads for why).
        Threads.outsideCallerGroup("usmart-http-init", () -> http.config().getClient());
    }

    public String org() {
        return org;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String readUrl() {
        return readUrl;
    }

    public Retrier retrier() {
        return retrier;
    }

    /** The secrets this transport knows, for {@link Redaction#clean}. */
    public String[] secrets() {
        return secrets.clone();
    }

    /**
     * Calls a control plane action: {@code POST {base}/org/{org}/{action}} with a JSON body.
     *
     * @param action the action name, e.g. {@code dataset:view}
     * @param guid   the GUID the call concerns (for messages), or null
     * @param body   the body: a {@link JsonNode}, a map, or any Jackson-serialisable object
     * @param safe   whether the call may be repeated after an ambiguous failure
     * @return the {@code result} of the answer (the whole answer if it has no {@code result})
     * @throws io.github.usmartkit.error.USmartException by kind of failure
     */
    public JsonNode action(String action, String guid, Object body, boolean safe) {
        String json;
        try {
            json = JSON.writeValueAsString(body == null ? JSON.createObjectNode() : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body of " + action + " cannot be written as JSON: " + e.getMessage(), e);
        }
        String url = baseUrl + "/org/" + org + "/" + action;
        return retrier.run(safe, () -> attemptAction(action, guid, url, json));
    }

    private Outcome<JsonNode> attemptAction(String action, String guid, String url, String json) {
        HttpRequest<?> req = withKey(http.post(url).header("Content-Type", "application/json").body(json))
                .header("Accept", "application/json");
        Outcome<HttpResponse<String>> sent = send(req, action, guid, url);
        return sent.problem() != null ? Outcome.failed(sent.problem()) : interpretJson(action, guid, sent.value());
    }

    /**
     * GETs a read API or DCAT URL (keys sent when we have them).
     *
     * @param action a label for messages, e.g. {@code urql} or {@code dcat}
     * @return the answer body, after status checks
     * @throws io.github.usmartkit.error.USmartException by kind of failure (after retries: a GET is safe to repeat)
     */
    public String get(String action, String guid, String url, boolean withKeys) {
        return retrier.run(true, () -> {
            HttpRequest<?> req = http.get(url);
            Outcome<HttpResponse<String>> sent = send(withKeys ? withKey(req) : req, action, guid, url);
            if (sent.problem() != null) {
                return Outcome.failed(sent.problem());
            }
            HttpResponse<String> r = sent.value();
            if (r.getStatus() >= 200 && r.getStatus() < 300) {
                return Outcome.ok(r.getBody() == null ? "" : r.getBody());
            }
            return Outcome.failed(errorProblem(action, guid, r));
        });
    }

    /**
     * Sends a request; I/O failures and answers cut short become problems, any status is a
     * response. The whole answer must arrive within the connect plus the read timeout: the JDK client's request
     * timeout (which Unirest's {@code requestTimeout} sets) stops at the response headers, so a
     * server that sends headers and then stalls the body would otherwise block the caller for
     * ever. The send runs on a pool thread and the caller waits for it with that deadline. On
     * the deadline the thread is interrupted, but JDK 17's response stream
     * ({@code ResponseSubscribers.HttpResponseInputStream.current()}) ignores interrupts, so that
     * daemon thread stays blocked until the server sends or closes; the caller is free at once.
     */
    private Outcome<HttpResponse<String>> send(HttpRequest<?> req, String action, String guid, String url) {
        java.util.concurrent.Future<HttpResponse<String>> call = callers.submit(req::asString);
        HttpResponse<String> r;
        try {
            // Connecting has its own timeout (reported as such); the answer then has the read timeout.
            r = call.get(connectTimeout.plus(readTimeout).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            return Outcome.failed(new Problem(Kind.TRANSPORT, Failure.of(action, guid),
                    "no complete answer from " + Redaction.withoutQuery(url) + " within the read timeout of "
                            + seconds(readTimeout),
                    "Check the network and proxy; raise the read timeout (USmart.builder().readTimeout(..)) for big answers;"
                            + " calls that are safe to repeat were retried", null, null, true, true));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UnirestException u) {
                return Outcome.failed(ioProblem(action, guid, url, u));
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.failed(new Problem(Kind.TRANSPORT, Failure.of(action, guid), "interrupted while waiting for "
                    + Redaction.withoutQuery(url), "The call was abandoned; it may or may not have taken effect",
                    e, null, false, true));
        }
        if (r.getParsingError().isPresent()) {
            return Outcome.failed(cutProblem(action, guid, url, r));
        }
        return Outcome.ok(r);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private <R extends HttpRequest<?>> R withKey(R req) {
        if (key != null) {
            req.header("api-key-id", key.id());
            req.header("api-key-secret", key.secret());
        }
        return req;
    }

    private Outcome<JsonNode> interpretJson(String action, String guid, HttpResponse<String> r) {
        int status = r.getStatus();
        if (status < 200 || status >= 300) {
            return Outcome.failed(errorProblem(action, guid, r));
        }
        String body = r.getBody();
        if (body == null || body.isBlank()) {
            return Outcome.failed(new Problem(Kind.SERVICE, new Failure(action, guid, status, null, "empty body"),
                    "the service answered HTTP " + status + " with an empty body where JSON was expected",
                    "This is a service fault; try again later, and report it if it persists", null, null, true, true));
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            String ct = r.getHeaders().getFirst("Content-Type");
            return Outcome.failed(new Problem(Kind.SERVICE, new Failure(action, guid, status, null,
                            "non-JSON answer" + (ct.isEmpty() ? "" : " (" + ct + ")") + ": " + Redaction.excerpt(body, 160)),
                    "the service answered HTTP " + status + " with something that is not JSON",
                    "Check USMART_BASE_URL points at the uSmart API (" + baseUrl + "), not a web page or a proxy's login page",
                    null, null, false, false));
        }
        JsonNode error = errorNode(node);
        if (error != null) {
            // Some services report errors with HTTP 200: treat them exactly like the status inside.
            int inner = error.path("status").asInt(statusOfCode(error.path("code").asText(null)));
            Failure f = new Failure(action, guid, status, textOrNull(error.path("code")), errorMessage(error, node));
            Kind kind = Problem.kindOf(inner);
            return Outcome.failed(new Problem(kind, f, describe(kind, inner) + " (reported in a HTTP " + status + " answer)",
                    hint(kind, action, guid), null, null, Problem.transientStatus(inner), inner >= 500));
        }
        if (node.has("result")) {
            return Outcome.ok(node.get("result"));
        }
        return Outcome.ok(node); // tolerate answers without the {"result": …} envelope
    }

    private Problem errorProblem(String action, String guid, HttpResponse<String> r) {
        int status = r.getStatus();
        if (status >= 300 && status < 400) {
            String location = r.getHeaders().getFirst("Location");
            return new Problem(Kind.CONFIGURATION, new Failure(action, guid, status, null, null),
                    "the service redirected to " + (location.isEmpty() ? "another address" : Redaction.withoutQuery(location))
                            + ", which the kit does not follow (the API key would go with it)",
                    "If that is the right address, set it as USMART_BASE_URL (control plane, DCAT) or USMART_READ_URL (read API),"
                            + " or with USmart.builder().baseUrl(..) / readUrl(..)", null, null, false, false);
        }
        String body = r.getBody() == null ? "" : r.getBody();
        String code = null;
        String message;
        String ct = r.getHeaders().getFirst("Content-Type");
        JsonNode node = null;
        try {
            node = body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException ignored) {
            // not JSON: reported below as such
        }
        if (node != null && (node.isObject())) {
            JsonNode error = errorNode(node);
            JsonNode src = error != null ? error : node;
            code = textOrNull(src.path("code"));
            message = errorMessage(src, node);
        } else if (body.isBlank()) {
            message = "empty body";
        } else if (body.stripLeading().startsWith("<") && body.contains("<Code>")) {
            code = xml(body, "Code");
            message = xml(body, "Message");
        } else {
            message = "non-JSON answer" + (ct.isEmpty() ? "" : " (" + ct + ")") + ": " + Redaction.excerpt(body, 160);
        }
        Kind kind = Problem.kindOf(status);
        Duration retryAfter = retryAfter(r.getHeaders().getFirst("Retry-After"));
        return new Problem(kind, new Failure(action, guid, status, code, message), describe(kind, status),
                hint(kind, action, guid), null, retryAfter, Problem.transientStatus(status), status != 429 && status >= 500);
    }

    private Problem ioProblem(String action, String guid, String url, UnirestException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        String target = Redaction.withoutQuery(url);
        String what;
        boolean ambiguous = true;
        if (c instanceof HttpConnectTimeoutException) {
            what = "could not connect to " + target + " within the connect timeout of " + seconds(connectTimeout);
            ambiguous = false;
        } else if (c instanceof HttpTimeoutException) {
            what = "no complete answer from " + target + " within the read timeout";
        } else if (c instanceof ConnectException) {
            what = "could not connect to " + target + " (" + c.getClass().getSimpleName() + ")";
            ambiguous = false;
        } else if (c.getMessage() != null && c.getMessage().contains("authentication attempts")) {
            // The JDK client gives up on a proxy that keeps answering 407 with this IOException.
            return new Problem(Kind.TRANSPORT, new Failure(action, guid, 407, null, null),
                    "the proxy refused its credentials (HTTP 407)",
                    "Check the proxy user and password given to USmart.builder().proxy(host, port, user, password)",
                    e, null, false, false);
        } else {
            what = "the connection to " + target + " failed: " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : " " + c.getMessage());
        }
        return new Problem(Kind.TRANSPORT, Failure.of(action, guid), what,
                "Check the network and proxy settings and that " + baseUrl + " is reachable; calls that are safe to repeat were retried",
                e, null, true, ambiguous);
    }

    /**
     * Unirest does not throw when the body breaks off after the headers (a reset, a premature
     * end of a declared Content-Length): it returns the response with a parsing error and no
     * body. That is a transport failure, and an ambiguous one.
     */
    private Problem cutProblem(String action, String guid, String url, HttpResponse<String> r) {
        Throwable cause = r.getParsingError().get();
        Throwable root = cause.getCause() == null ? cause : cause.getCause();
        return new Problem(Kind.TRANSPORT, new Failure(action, guid, r.getStatus(), null, null),
                "the answer from " + Redaction.withoutQuery(url) + " broke off before its end (" + root.getClass().getSimpleName() + ")",
                "Check the network and proxy; calls that are safe to repeat were retried", cause, null, true, true);
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

    private static String textOrNull(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    static int statusOfCode(String code) {
        if (code == null) {
            return 500;
        }
        return switch (code) {
            case "Unauthorized", "Unauthenticated", "AuthenticationFailed" -> 401;
            case "Forbidden", "AccessDenied", "PermissionDenied" -> 403;
            case "NotFound", "UnknownAction" -> 404;
            case "TooManyRequests", "RateLimited", "Throttled" -> 429;
            case "MalformedJson", "ValidationError", "InvalidReference", "BadRequest" -> 400;
            case "ServiceUnavailable" -> 503;
            case "BadGateway" -> 502;
            default -> 500;
        };
    }

    private static String describe(Kind kind, int status) {
        return switch (kind) {
            case AUTHENTICATION -> "the API key was refused";
            case PERMISSION -> "the API key is not allowed to do this";
            case NOT_FOUND -> "not found";
            case RATE_LIMITED -> "the service is rate limiting us";
            case BAD_REQUEST -> "the service refused the request as invalid";
            case TRANSPORT -> status == 407 ? "the proxy demands credentials it did not get (HTTP 407)"
                    : "the request timed out (HTTP " + status + ")";
            default -> "the service failed";
        };
    }

    private String hint(Kind kind, String action, String guid) {
        return switch (kind) {
            case AUTHENTICATION -> "Check USMART_API_KEY_ID and USMART_API_KEY_SECRET (or your ~/.usmart/credentials profile); "
                    + "regenerating a key in uSmart (Profile > Settings) invalidates the old secret";
            case PERMISSION -> "dataset:view needs the Viewer role, every other action Provider or Admin, in organisation "
                    + org + ": check the key's role and USMART_ORG";
            case NOT_FOUND -> (action != null && action.contains(":") && !action.equals("urql")
                    ? "Check the GUID" + (guid == null ? "" : " " + guid) + " (usmart.dataset(guid).view() lists files and pipelines), the action name and the organisation " + org
                    : "Check the GUID and the organisation " + org);
            case RATE_LIMITED -> "Wait a minute and try again; the kit already waited as the service asked";
            case BAD_REQUEST -> "Fix what the service's message names";
            case TRANSPORT -> "Try again; raise the read timeout (USmart.builder().readTimeout(..)) for big answers;"
                    + " for HTTP 407 give the proxy's user and password with USmart.builder().proxy(host, port, user, password)";
            default -> "This is a fault on the service's side; try again later"
                    + (action != null && (action.equals("file:create") || action.equals("resourceContainer:create"))
                    ? " (check with dataset:view first whether it was applied)" : "");
        };
    }

    /**
     * The wait a {@code Retry-After} header asks for (seconds or an HTTP date; a date in the past is
     * zero), or null if there is none or it cannot be read. Also used for the object store's answers.
     */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            long s = Long.parseLong(h);
            return Duration.ofSeconds(Math.max(0, s));
        } catch (NumberFormatException ignored) {
            // an HTTP date
        }
        try {
            ZonedDateTime t = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
            Duration d = Duration.between(ZonedDateTime.now(t.getZone()), t);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The stripped text of the first {@code <tag>} element of an S3-style XML error body, or null.
     * Also used for the object store's answers.
     */
    public static String xml(String body, String tag) {
        int s = body.indexOf("<" + tag + ">");
        int e = body.indexOf("</" + tag + ">");
        return s < 0 || e < s ? null : body.substring(s + tag.length() + 2, e).strip();
    }

    /** Closes the private Unirest instance. */
    @Override
    public void close() {
        http.close();
        executor.shutdown();
        callers.shutdownNow();
    }
}

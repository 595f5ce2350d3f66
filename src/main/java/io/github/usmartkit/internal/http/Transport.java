package io.github.usmartkit.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.config.ApiKey;
import io.github.usmartkit.config.ProxySettings;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.plan.Planner;
import io.github.usmartkit.internal.text.Redaction;
import kong.unirest.core.Headers;
import kong.unirest.core.HttpRequest;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.RawResponse;
import kong.unirest.core.Unirest;
import kong.unirest.core.UnirestException;
import kong.unirest.core.UnirestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kit's HTTP exchanges with the control plane, the read API and DCAT: a private Unirest
 * instance (never the global one, so settings of other code in the same JShell do not leak in),
 * the API key headers (sent only to the session's own hosts), and each attempt bounded in time.
 * What an answer means is decided by {@link Envelope} and {@link ErrorMapping}; whether to try
 * again by the {@link Retrier}.
 */
public final class Transport implements AutoCloseable {

    /** Control-plane answers larger than this are refused rather than read into memory. */
    static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
    /** Of an error answer, only this much is read (for its code and message). */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final UnirestInstance http;
    private final Endpoints endpoints;
    private final ApiKey key;
    private final Retrier retrier;
    private final Duration readTimeout;
    private final Duration connectTimeout;
    private final ExecutorService executor = Threads.daemonPool("usmart-http");
    private final ExecutorService callers = Threads.daemonPool("usmart-call");
    /** A dry run's plan, which takes every write instead of the service; null in a live session. */
    private final Planner planner;

    /**
     * @param endpoints      where the calls go
     * @param key            the API key, or null for anonymous reads
     * @param connectTimeout connect timeout of every attempt
     * @param readTimeout    time allowed for a whole answer, per attempt (the call's deadline bounds all attempts)
     * @param proxy          proxy, or null
     * @param retrier        the retry policy and its clock
     */
    public Transport(Endpoints endpoints, ApiKey key, Duration connectTimeout, Duration readTimeout, ProxySettings proxy,
                     Retrier retrier) {
        this(endpoints, key, connectTimeout, readTimeout, proxy, retrier, null);
    }

    /**
     * A transport whose writes ({@link Action#write()}) go to {@code planner} instead of the
     * service when it is not null (a dry run); reads are sent as usual.
     */
    public Transport(Endpoints endpoints, ApiKey key, Duration connectTimeout, Duration readTimeout, ProxySettings proxy,
                     Retrier retrier, Planner planner) {
        this.planner = planner;
        this.endpoints = Objects.requireNonNull(endpoints);
        this.key = key;
        this.readTimeout = Objects.requireNonNull(readTimeout);
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.retrier = Objects.requireNonNull(retrier);
        if (key != null) {
            Redaction.protect(key.secret());
        }
        this.http = Unirest.spawnInstance();
        http.config()
                .connectTimeout((int) connectTimeout.toMillis())
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

    public Endpoints endpoints() {
        return endpoints;
    }

    public Retrier retrier() {
        return retrier;
    }

    /** The dry run's plan, or null when writes are sent. */
    public Planner planner() {
        return planner;
    }

    /** Reads the body of a successful answer (2xx) as it streams in. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream body, Headers headers) throws IOException;
    }

    /**
     * Calls a control-plane action: {@code POST {base}/org/{org}/{action}} with a JSON body,
     * retried as {@link Action#repeat()} allows, within one deadline of the retry policy.
     *
     * @param guid the GUID the call concerns (for messages), or null
     * @param body a {@link JsonNode}, a map, or any Jackson-serialisable object
     * @return the {@code result} of the answer (the whole answer if it has no {@code result})
     * @throws io.github.usmartkit.error.BadRequestException if the body cannot be written as JSON (nothing sent)
     * @throws io.github.usmartkit.error.USmartException by kind of failure
     */
    public JsonNode action(Action action, String guid, Object body) {
        return action(action, guid, body, retrier.deadline());
    }

    /** {@link #action(Action, String, Object)} within a given deadline. */
    public JsonNode action(Action action, String guid, Object body, Deadline deadline) {
        String json;
        try {
            json = Json.write(body == null ? Json.object() : body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw Problem.definite(Kind.BAD_REQUEST, Failure.of(action.name(), guid,
                    "the body cannot be written as JSON (" + e.getClass().getSimpleName() + ")",
                    "Give a Map, a JsonNode or a record of plain values; nothing was sent"), null).toException(1);
        }
        if (planner != null && action.write()) {
            try {
                return planner.intercept(action.name(), guid, Json.tree(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the kit's own JSON does not parse", e);
            }
        }
        String url = endpoints.action(action);
        return retrier.run(action, deadline, limit -> {
            HttpRequest<?> req = withKey(http.post(url).header("Content-Type", "application/json").body(json), url)
                    .header("Accept", "application/json");
            Outcome<Answer<byte[]>> sent = send(req, action, guid, url, limit, deadline, Transport::bounded);
            if (sent.failed()) {
                return Outcome.failed(sent.problem());
            }
            Answer<byte[]> a = sent.value();
            return a.ok() ? Envelope.success(action, guid, a.status(), a.contentType(), a.body(), endpoints.baseUrl(), endpoints.org())
                    : Outcome.failed(a.problem(action, guid, endpoints.org()));
        });
    }

    /**
     * GETs a read API, DCAT or download URL (the keys go along only to the session's own hosts),
     * retried (a GET is safe to repeat) within one deadline.
     *
     * @return the answer body as text, after status checks
     */
    public String get(Action action, String guid, String url) {
        return new String(get(action, guid, url, Transport::bounded), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@link #get(Action, String, String)} reading a successful body with {@code reader} as it arrives. */
    public <T> T get(Action action, String guid, String url, BodyReader<T> reader) {
        Deadline deadline = retrier.deadline();
        return retrier.run(action, deadline, limit -> {
            HttpRequest<?> req = withKey(http.get(url), url);
            Outcome<Answer<T>> sent = send(req, action, guid, url, limit, deadline, reader);
            if (sent.failed()) {
                return Outcome.failed(sent.problem());
            }
            Answer<T> a = sent.value();
            return a.ok() ? Outcome.ok(a.body()) : Outcome.failed(a.problem(action, guid, endpoints.org()));
        });
    }

    /** One answer: status and headers, and the read body (2xx) or the error body's first bytes. */
    private record Answer<T>(int status, Headers headers, T body, byte[] errorBody) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String contentType() {
            return headers.getFirst("Content-Type");
        }

        Problem problem(Action action, String guid, String org) {
            return Envelope.failure(action, guid, status, contentType(), errorBody,
                    headers.getFirst("Retry-After"), headers.getFirst("Location"), org);
        }
    }

    /** The attempt's body stream, so that the waiting caller can close it at the deadline. */
    private static final class Exchange {
        private final AtomicReference<InputStream> stream = new AtomicReference<>();
        /** Counted down when the headers are in (or the attempt ended without them). */
        private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        /** When the headers came (System.nanoTime), 0 before. */
        private volatile long headersAt;
        private volatile boolean abandoned;
        private volatile IOException broken;

        <T> Answer<T> read(RawResponse raw, BodyReader<T> reader) {
            headersAt = System.nanoTime();
            started.countDown();
            InputStream in = raw.getContent();
            stream.set(in);
            if (abandoned) {
                close(in);
            }
            int status = raw.getStatus();
            try {
                if (status >= 200 && status < 300) {
                    return new Answer<>(status, raw.getHeaders(), reader.read(in, raw.getHeaders()), null);
                }
                return new Answer<>(status, raw.getHeaders(), null, in == null ? new byte[0] : in.readNBytes(MAX_ERROR_BYTES));
            } catch (IOException e) {
                broken = e;
                return new Answer<>(status, raw.getHeaders(), null, null);
            } finally {
                close(in);
            }
        }

        /**
         * Frees the thread reading the answer: JDK 17's response stream
         * ({@code ResponseSubscribers.HttpResponseInputStream}) ignores interrupts while it waits
         * for data, but closing it cancels the exchange and wakes the reader.
         */
        void abandon() {
            abandoned = true;
            close(stream.get());
        }

        private static void close(InputStream in) {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // abandoning anyway
                }
            }
        }
    }

    /**
     * One attempt, in at most {@code limit} (and at most the connect plus the read timeout; once
     * the headers are in, the body gets at most the read timeout from them).
     * The JDK client's request timeout (Unirest's {@code requestTimeout}) stops at the response
     * headers, so the attempt runs on a pool thread and the caller waits for it with the limit; at
     * the limit the exchange is abandoned: its stream closed, its thread interrupted and freed.
     * I/O failures, answers cut short and timeouts become problems; any status is an answer.
     */
    private <T> Outcome<Answer<T>> send(HttpRequest<?> req, Action action, String guid, String url, Duration limit,
                                        Deadline deadline, BodyReader<T> reader) {
        Duration perAttempt = connectTimeout.plus(readTimeout);
        boolean deadlineBound = limit.compareTo(perAttempt) < 0;
        if (deadlineBound) {
            perAttempt = limit;
        }
        if (perAttempt.toMillis() < 1) {
            return Outcome.failed(timeout(action, guid, url, true, deadline));
        }
        // The JDK's request timeout runs from sending to the response headers: the read timeout, within the limit.
        req.requestTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.min(readTimeout.toMillis(), perAttempt.toMillis()))));
        Exchange exchange = new Exchange();
        Future<HttpResponse<Answer<T>>> call;
        try {
            call = callers.submit(() -> {
                try {
                    return req.asObject(raw -> exchange.read(raw, reader));
                } finally {
                    exchange.started.countDown();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return Outcome.failed(Problem.definite(Kind.CONFIGURATION, Failure.of(action.name(), guid,
                    "the session is closed", "Open a new one with USmart.connect() or Kit.connect()"), null));
        }
        HttpResponse<Answer<T>> r;
        long end = System.nanoTime() + perAttempt.toNanos();
        boolean bodyBound = false;
        try {
            if (!exchange.started.await(perAttempt.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException();
            }
            long headersAt = exchange.headersAt;
            long until = end;
            if (headersAt != 0 && headersAt + readTimeout.toNanos() - end < 0) {
                // Before, a body stalling after its headers had the connect timeout too, and was reported as the read timeout.
                until = headersAt + readTimeout.toNanos();
                bodyBound = true;
            }
            r = call.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.abandon();
            call.cancel(true);
            return Outcome.failed(timeout(action, guid, url, deadlineBound && !bodyBound, deadline));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UnirestException u) {
                boolean byDeadline = readTimeout.compareTo(perAttempt) > 0;
                Problem p = ioProblem(action, guid, url, u, byDeadline
                        ? "the call's deadline of " + deadline.describe() : "the read timeout of " + seconds(readTimeout));
                boolean timedOut = (u.getCause() == null ? u : u.getCause()) instanceof HttpTimeoutException
                        && !((u.getCause() == null ? u : u.getCause()) instanceof HttpConnectTimeoutException);
                return Outcome.failed(byDeadline && timedOut
                        ? new Problem(p.kind(), p.failure(), p.cause(), p.transientFailure(), p.ambiguous(), true) : p);
            }
            if (c instanceof IllegalArgumentException bad) {
                // e.g. the JDK refusing a header value: our settings, not the network; never retried
                return Outcome.failed(Problem.definite(Kind.CONFIGURATION, Failure.of(action.name(), guid,
                        "the request could not be made: " + bad.getMessage(),
                        "Check the key id and secret for stray characters (line breaks, spaces) and the URLs"), null));
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            exchange.abandon();
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.failed(Problem.definite(Kind.TRANSPORT, Failure.of(action.name(), guid,
                    "interrupted while waiting for " + Redaction.withoutQuery(url),
                    action.safeToRepeat() ? "Nothing was changed by it; run it again"
                            : "It may or may not have taken effect: dataset(..).view() shows whether it did before you repeat it"), e));
        }
        if (r.getParsingError().isPresent()) {
            return Outcome.failed(cut(action, guid, url, r.getStatus(), r.getParsingError().get()));
        }
        if (exchange.broken instanceof TooLarge) {
            return Outcome.failed(tooLarge(action, guid, url, r.getStatus()));
        }
        if (exchange.broken != null) {
            return Outcome.failed(cut(action, guid, url, r.getStatus(), exchange.broken));
        }
        return Outcome.ok(r.getBody());
    }

    /** No (complete) answer in time; {@code deadlineBound}: the call's own deadline, not the read timeout, was the limit. */
    private Problem timeout(Action action, String guid, String url, boolean deadlineBound, Deadline deadline) {
        String what = "no complete answer from " + Redaction.withoutQuery(url) + " within "
                + (deadlineBound ? "the call's deadline of " + deadline.describe()
                : "the read timeout of " + Retrier.humanDuration(readTimeout));
        // The cause says "no answer in time" to whoever must know that the request may still be under way (Retrier.runChecked).
        return new Problem(Kind.TRANSPORT, Failure.of(action.name(), guid, what,
                "Check the network and proxy; raise the read timeout (USmart.builder().readTimeout(..)) for big answers"
                        + " or the deadline (RetryPolicy.standard().withDeadline(..))"), new HttpTimeoutException(what), true, true, deadlineBound);
    }

    private static String seconds(Duration d) {
        return Retrier.humanDuration(d);
    }

    private <R extends HttpRequest<?>> R withKey(R req, String url) {
        if (key != null && endpoints.ownOrigin(url)) {
            req.header("api-key-id", key.id());
            req.header("api-key-secret", key.secret());
        }
        return req;
    }

    /** Reads a body of at most {@link #MAX_ANSWER_BYTES}. */
    private static byte[] bounded(InputStream in, Headers headers) throws IOException {
        byte[] b = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (b.length > MAX_ANSWER_BYTES) {
            throw new TooLarge();
        }
        return b;
    }

    /** An answer over {@link #MAX_ANSWER_BYTES}: not a broken connection, and no better when asked again. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("answer larger than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MiB", null);
        }
    }

    private static Problem tooLarge(Action action, String guid, String url, int status) {
        return Problem.definite(Kind.SERVICE, Failure.of(action.name(), guid, "the answer from " + Redaction.withoutQuery(url)
                + " is larger than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MiB (or never ends); the kit stopped reading it",
                action == Action.URQL ? "Read fewer rows at a time: read(rc).limit(n).offset(m), or a filter with where(..)"
                        : "Check USMART_BASE_URL points at the uSmart API; if it does, report the answer to uSmart")
                .withStatus(status), null);
    }

    private Problem ioProblem(Action action, String guid, String url, UnirestException e, String allowed) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        String target = Redaction.withoutQuery(url);
        String what;
        boolean ambiguous = true;
        if (c instanceof HttpConnectTimeoutException) {
            what = "could not connect to " + target + " within the connect timeout of " + seconds(connectTimeout);
            ambiguous = false;
        } else if (c instanceof HttpTimeoutException) {
            what = "no answer from " + target + " within " + allowed;
        } else if (c instanceof ConnectException) {
            what = "could not connect to " + target + " (" + c.getClass().getSimpleName() + ")";
            ambiguous = false;
        } else if (c.getMessage() != null && c.getMessage().contains("authentication attempts")) {
            // The JDK client gives up on a proxy that keeps answering 407 with this IOException.
            return Problem.definite(Kind.TRANSPORT, Failure.of(action.name(), guid, "the proxy refused its credentials",
                    "Check the proxy user and password given to USmart.builder().proxy(host, port, user, password)")
                    .withStatus(407), e);
        } else if (c instanceof IllegalArgumentException) {
            return Problem.definite(Kind.CONFIGURATION, Failure.of(action.name(), guid,
                    "the request could not be made: " + c.getMessage(),
                    "Check the key id and secret for stray characters (line breaks, spaces) and the URLs"), e);
        } else {
            what = "the connection to " + target + " failed: " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : " " + c.getMessage());
        }
        return new Problem(Kind.TRANSPORT, Failure.of(action.name(), guid, what,
                "Check the network and proxy settings and that " + endpoints.baseUrl() + " is reachable"), e, true, ambiguous);
    }

    /** The body broke off after the headers (a reset, a premature end of a declared length): ambiguous. */
    private static Problem cut(Action action, String guid, String url, int status, Throwable cause) {
        Throwable root = cause.getCause() == null ? cause : cause.getCause();
        return new Problem(Kind.TRANSPORT, Failure.of(action.name(), guid,
                "the answer from " + Redaction.withoutQuery(url) + " broke off before its end (" + root.getClass().getSimpleName() + ")",
                "Check the network and proxy").withStatus(status), cause, true, true);
    }

    /** Closes the private Unirest instance. */
    @Override
    public void close() {
        http.close();
        executor.shutdown();
        callers.shutdownNow();
    }
}

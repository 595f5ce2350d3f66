package io.github.usmartkit.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side: one JDK {@link HttpServer} on one port, routing to the control plane, the object
 * store, the read API and DCAT. Every answer is JSON (or S3's XML), never a stack trace.
 */
final class SandboxServer {
    final SandboxStore store;
    final SandboxFaults faults;
    final Sandbox.Config config;
    final UrlSigner signer;
    final Pipelines pipelines;
    private final HttpServer http;
    private final Workers executor;
    private final ControlPlane controlPlane;
    private final ObjectStore objectStore;
    private final ReadApi readApi;
    private final Dcat dcat;
    private volatile String baseUrl;

    SandboxServer(SandboxStore store, SandboxFaults faults, Sandbox.Config config, String signingSecret) throws IOException {
        this.store = store;
        this.faults = faults;
        this.config = config;
        this.signer = new UrlSigner(signingSecret);
        this.pipelines = new Pipelines(store, config.processingDelay());
        this.controlPlane = new ControlPlane(this);
        this.objectStore = new ObjectStore(this);
        this.readApi = new ReadApi(this);
        this.dcat = new Dcat(this);
        preferNoDelay();
        this.http = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 1024);
        this.executor = new Workers(config.threads(), config.headerTimeout(), this::logHeaderTimeout);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
    }

    static final String NODELAY = "sun.net.httpserver.nodelay";

    /**
     * Asks the JDK's server for {@code TCP_NODELAY} unless the user said otherwise. It writes an
     * answer's headers and its body in two writes; without it, Nagle's algorithm holds the body
     * until the client acknowledges the headers, which a client delays by up to 40 ms on a
     * kept-alive connection: every call would take about 40 ms. The JDK offers no per-server or
     * per-socket way (the socket is never exposed), only this JVM-wide property, read once when
     * the JVM's first {@code HttpServer} is made, so it is set here, before this sandbox makes
     * its server. It then holds for every JDK {@code HttpServer} made afterwards in this JVM (a
     * harmless change: only latency improves); if one was made before, the property no longer
     * counts and the sandbox answers more slowly (start the JVM with
     * {@code -Dsun.net.httpserver.nodelay=true} to be sure). A value the user set, even
     * {@code false}, is kept.
     */
    static void preferNoDelay() {
        try {
            if (System.getProperty(NODELAY) == null) {
                System.setProperty(NODELAY, "true");
            }
        } catch (SecurityException ignored) {
            // a security manager forbids it: the sandbox works, only more slowly
        }
    }

    void start() {
        http.start();
        java.net.InetAddress bound = http.getAddress().getAddress();
        // bound to every interface: loopback reaches it from this machine
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        baseUrl = "http://" + host + ":" + http.getAddress().getPort();
    }

    String baseUrl() {
        return baseUrl;
    }

    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    /**
     * The base URL as the client addressed the server (its Host header), so that URLs in answers
     * (signed URLs, apiUrl, DCAT ids) work for a client that reached a {@code --bind 0.0.0.0}
     * sandbox by another name; the bound address otherwise.
     */
    String baseUrl(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host != null && HOST.matcher(host).matches()) {
            return "http://" + host;
        }
        return baseUrl;
    }

    /** Exchanges being served now (for tests). */
    int activeExchanges() {
        return executor.active();
    }

    int port() {
        return http.getAddress().getPort();
    }

    void stop() {
        http.stop(0);
        executor.close();
        pipelines.close();
    }

    /** What the client met, for the request log: a fault injected into this exchange ({@code slow 2s}, …). */
    private static final ThreadLocal<String> MET = new ThreadLocal<>();

    @SuppressWarnings("try") // a Workers.Bound guards its block: the block never names it
    /** Exchanges being handled now (their log line not yet written). */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** How many exchanges are being handled now; 0 once every answered request is in the log. */
    int inFlight() {
        return inFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            handleCounted(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange exchange) throws IOException {
        HttpExchange ex = store.durable() ? new DurableExchange(exchange, store) : exchange;
        String path = ex.getRequestURI().getRawPath();
        boolean s3 = path.startsWith("/s3/");
        long started = System.nanoTime();
        boolean busy = Workers.headersRead();
        String outcome = null;
        MET.remove();
        try {
            if (busy) {
                busy(ex, s3);
            } else {
                if (!s3) {
                    readBodyFirst(ex);
                }
                route(ex, path, s3);
            }
        } catch (ApiError e) {
            try (Workers.Bound b = drainBound()) {
                sendError(ex, s3, e);
            }
        } catch (Exchanges.ConnectionCut cut) {
            outcome = "reset";
            throw cut;
        } catch (Workers.RequestTimeout e) {
            outcome = "timeout";
        } catch (IOException e) {
            // the client went away mid-exchange: nothing to answer
            outcome = "cut";
        } catch (RuntimeException e) {
            // a bug of ours: log its type and message (never request data) and answer briefly
            System.err.println("usmart sandbox: internal error on " + ex.getRequestMethod() + " " + path + ": " + e);
            ApiError internal = new ApiError(500, "InternalError", "the sandbox failed to handle this request (" + e.getClass().getSimpleName() + "); see its log");
            try (Workers.Bound b = drainBound()) {
                sendError(ex, s3, internal);
            } catch (IOException | RuntimeException ignored) {
                // headers may already be sent
            }
        } finally {
            // closing drains what the client has not sent of its body yet: bounded too
            try (Workers.Bound b = drainBound()) {
                ex.close();
            } catch (IOException e) {
                // the client never sent the rest of its body; if it had its answer, that is what it met
                if (outcome == null && ex.getResponseCode() < 0) {
                    outcome = "timeout";
                }
            }
            log(ex, path, started, outcome);
            MET.remove();
        }
    }

    private void route(HttpExchange ex, String path, boolean s3) throws IOException {
        if (s3) {
            objectStore.handle(ex, path);
        } else if (path.startsWith("/org/")) {
            routeOrg(ex, path.substring("/org/".length()));
        } else if (path.equals("/") || path.isEmpty()) {
            byte[] text = ("uSmart sandbox (usmart-kit). Control plane: POST /org/{org}/{action}; read API: GET "
                    + "/org/{org}/{resourceGUID}/latest/urql; DCAT: GET /org/{org}/dcat/public\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, text.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(text);
            }
        } else {
            throw ApiError.notFound("no such endpoint " + path + "; the sandbox serves /org/{org}/… and /s3/…");
        }
    }

    /**
     * Reads a control-plane, read-API or DCAT request's body (at most one byte over
     * {@link Exchanges#MAX_BODY}, which the control plane then refuses) within the body timeout,
     * before anything else: from then on nothing in the handler waits for the client.
     */
    @SuppressWarnings("try") // a Workers.Bound guards its block: the block never names it
    private void readBodyFirst(HttpExchange ex) throws IOException {
        byte[] body;
        try (Workers.Bound b = Workers.reading("body", config.bodyTimeout(), 0)) {
            body = ex.getRequestBody().readNBytes(Exchanges.MAX_BODY + 1);
        }
        ex.setStreams(new ByteArrayInputStream(body), null);
    }

    private Workers.Bound drainBound() {
        return Workers.reading("body", config.bodyTimeout(), 0);
    }

    /** Every worker is busy: 503 with Retry-After at once, and the connection closed. */
    @SuppressWarnings("try") // a Workers.Bound guards its block: the block never names it
    private void busy(HttpExchange ex, boolean s3) throws IOException {
        MET.set("busy");
        ex.getResponseHeaders().set("Retry-After", "1");
        ex.getResponseHeaders().set("Connection", "close");
        ApiError e = new ApiError(503, "ServiceUnavailable", "the sandbox is busy: all " + executor.threads()
                + " of its request threads are serving other requests; retry after 1 s");
        try (Workers.Bound b = drainBound()) {
            sendError(ex, s3, e);
        }
    }

    /** S3's XML error on the object store, the JSON error body everywhere else. */
    private static void sendError(HttpExchange ex, boolean s3, ApiError e) throws IOException {
        if (s3) {
            Exchanges.xmlError(ex, e);
        } else {
            Exchanges.jsonError(ex, e);
        }
    }

    /**
     * One line a request: time, method, path (never the query: a signed URL's query is a
     * credential), what the client met (the status, or {@code reset} / {@code cut} /
     * {@code timeout}, then any injected fault), time taken.
     */
    private void log(HttpExchange ex, String path, long started, String outcome) {
        java.io.PrintStream out = config.requestLog();
        if (out != null) {
            int status = ex.getResponseCode();
            String met = outcome != null ? outcome : status < 0 ? "cut" : String.valueOf(status);
            String fault = MET.get();
            out.printf("%s %s %s %s%s %d ms%n", java.time.LocalTime.now().withNano(0), ex.getRequestMethod(), path,
                    met, fault == null ? "" : " " + fault, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** {@code 2s}, {@code 500ms}: as the fault spec writes a delay. */
    static String human(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** A connection closed because its request line and headers did not arrive in time. */
    private void logHeaderTimeout() {
        java.io.PrintStream out = config.requestLog();
        if (out != null) {
            out.printf("%s - - timeout headers not sent within %s%n", java.time.LocalTime.now().withNano(0),
                    human(config.headerTimeout()));
        }
    }

    private void routeOrg(HttpExchange ex, String rest) throws IOException {
        String[] seg = rest.split("/", -1);
        String org = Exchanges.decode(seg[0]);
        if (seg.length == 2 && seg[1].equals("resource")) {
            readApi.download(ex, org);
        } else if (seg.length == 3 && seg[1].equals("dcat")) {
            dcat.handle(ex, org, seg[2]);
        } else if (seg.length == 4 && seg[3].equals("urql")) {
            readApi.urql(ex, org, Exchanges.decode(seg[1]), Exchanges.decode(seg[2]));
        } else if (seg.length == 2 && !seg[1].isEmpty()) {
            controlPlane.handle(ex, org, Exchanges.decode(seg[1]));
        } else {
            throw ApiError.notFound("no such endpoint /org/" + rest + "; actions are POST /org/{org}/{action}");
        }
    }

    /**
     * Applies an injected fault for {@code route} before the request is handled: a failure throws
     * {@link ApiError}, a reset throws {@link Exchanges.ConnectionCut}, a slow one waits. Returns
     * the fault to apply once the request has been carried out ({@code applyThen…}), else null.
     */
    SandboxFaults.Fault injectFault(HttpExchange ex, String route) throws IOException {
        SandboxFaults.Fault f = faults.next(route);
        if (f == null || f.afterwards()) {
            return f;
        }
        switch (f.kind()) {
            case SLOW -> {
                MET.set("slow " + human(f.delay()));
                try {
                    Thread.sleep(f.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }
            case RESET -> {
                MET.set("injected");
                Exchanges.cutShort(ex);
            }
            case FAIL -> {
                MET.set("injected");
                throw injected(route, f.status());
            }
            default -> throw new IllegalStateException(f.kind().toString());
        }
        return null;
    }

    /**
     * Loses the answer of a request that has been carried out: throws the injected error, or
     * cuts the body short. The client cannot tell this from a fault before the request.
     */
    void loseAnswer(HttpExchange ex, String route, SandboxFaults.Fault f) throws IOException {
        MET.set("lost-after-apply");
        if (f.kind() == SandboxFaults.Fault.Kind.APPLY_THEN_RESET) {
            Exchanges.cutShort(ex);
        }
        throw injected(route, f.status());
    }

    /** Whether the next signed URL is to be handed out already expired (a fault the log shows). */
    boolean nextUrlExpired() {
        boolean expired = faults.nextUrlExpired();
        if (expired) {
            MET.set("expired-url");
        }
        return expired;
    }

    private static ApiError injected(String route, int status) {
        String code = switch (status) {
            case 500 -> "InternalError";
            case 502 -> "BadGateway";
            case 503 -> "ServiceUnavailable";
            case 429 -> "TooManyRequests";
            default -> "InjectedFault";
        };
        return new ApiError(status, code, "injected fault (sandbox fault injection) on " + route + "; retry later");
    }

    /** The key of the request, checked against the organisation; null when none was sent and none is required. */
    State.User authenticate(HttpExchange ex, String org, boolean required) {
        String id = ex.getRequestHeaders().getFirst("api-key-id");
        String secret = ex.getRequestHeaders().getFirst("api-key-secret");
        if (id == null && secret == null && !required) {
            return null;
        }
        if (id == null || id.isBlank()) {
            throw new ApiError(401, "Unauthorized", "no api-key-id header; send the api-key-id and api-key-secret headers of a key made under Profile > Settings");
        }
        if (secret == null || secret.isBlank()) {
            throw new ApiError(401, "Unauthorized", "no api-key-secret header for key " + id + "; send both api-key-id and api-key-secret");
        }
        State.User user = store.read(s -> s.users.get(id));
        if (user == null) {
            throw new ApiError(401, "Unauthorized", "unknown api-key-id " + id + "; check the key id, or make a new key under Profile > Settings");
        }
        if (!java.security.MessageDigest.isEqual(user.secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "Unauthorized", "the api-key-secret does not match key " + id + " (was the secret regenerated?)");
        }
        if (!user.orgGUID.equals(org)) {
            throw new ApiError(403, "Forbidden", "key " + id + " belongs to another organisation than " + org);
        }
        return user;
    }

    static int rank(String role) {
        return switch (role) {
            case "Viewer" -> 1;
            case "Provider" -> 2;
            case "Admin" -> 3;
            default -> 0;
        };
    }

    State.Org requireOrg(String org) {
        State.Org o = store.read(s -> s.orgs.get(org));
        if (o == null) {
            throw ApiError.notFound("no organisation " + org + "; the organisation GUID is the part between /org/ and /dcat/ of your DCAT @id");
        }
        return o;
    }
}

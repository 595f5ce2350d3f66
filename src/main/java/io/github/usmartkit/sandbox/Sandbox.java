package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * A local, faithful fake of the uSmart service on one loopback port: the control plane
 * ({@code POST /org/{org}/{action}}), a presigned-PUT object store, the read API and DCAT, with
 * a demo organisation already seeded (its GUIDs are in the README).
 *
 * <pre>{@code
 * try (Sandbox sb = Sandbox.start()) {
 *     String url = sb.baseUrl();           // http://127.0.0.1:PORT
 *     ApiKey key = sb.providerKey();
 * }
 * }</pre>
 * State lives in a temporary directory that {@link #close()} deletes, unless
 * {@link Builder#dataDir(Path)} names a directory to keep it in across restarts.
 */
public final class Sandbox implements AutoCloseable {

    /** Settings of one sandbox. */
    record Config(int port, String bind, Path dataDir, long maxObjectBytes, Duration urlExpiry,
                  FaultSpec faults, Duration processingDelay, java.io.PrintStream requestLog, Duration orphanTtl,
                  int threads, Duration headerTimeout, Duration bodyTimeout) { }

    private final SandboxStore store;
    private final SandboxServer server;
    private final SandboxFaults faults;
    private final OrphanSweeper sweeper;
    private final boolean temporary;
    private final ApiKey viewer;
    private final ApiKey provider;
    private final ApiKey admin;
    private final ApiKey other;
    private volatile boolean closed;

    private Sandbox(Config config) {
        this.faults = new SandboxFaults(config.faults());
        this.temporary = config.dataDir() == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("usmart-sandbox-") : config.dataDir().toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the sandbox: " + e.getMessage(), e);
        }
        this.store = new SandboxStore(dir, !temporary);
        try {
            State state = store.load();
            if (state == null) {
                state = DemoOrganisation.seed(store);
            }
            OrphanSweeper.upgrade(state);
            Pipelines.upgrade(state, store);
            store.init(state);
            this.viewer = key(state, "Viewer", DemoOrganisation.ORG);
            this.provider = key(state, "Provider", DemoOrganisation.ORG);
            this.admin = key(state, "Admin", DemoOrganisation.ORG);
            this.other = key(state, "Provider", DemoOrganisation.OTHER_ORG);
            this.sweeper = new OrphanSweeper(store, config.orphanTtl());
            sweeper.start();
            this.server = startServer(store, faults, config, state.signingSecret, sweeper);
            server.pipelines.resume();
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException("cannot start the sandbox on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static SandboxServer startServer(SandboxStore store, SandboxFaults faults, Config config, String secret,
                                             OrphanSweeper sweeper) throws IOException {
        try {
            SandboxServer server = new SandboxServer(store, faults, config, secret);
            server.start();
            return server;
        } catch (IOException | RuntimeException e) {
            sweeper.close();
            throw e;
        }
    }

    private static ApiKey key(State s, String role, String org) {
        return s.users.values().stream()
                .filter(u -> u.role.equals(role) && u.orgGUID.equals(org))
                .findFirst()
                .map(u -> new ApiKey(u.keyId, u.secret))
                .orElseThrow(() -> new IllegalStateException("the sandbox state has no " + role + " key"));
    }

    /** Starts a sandbox on a free loopback port with a fresh demo organisation in a temp directory. */
    public static Sandbox start() {
        return builder().start();
    }

    /** Settings for a sandbox; {@link Builder#start()} starts it. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash; every API is on this one port. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    /** The demo organisation's GUID. */
    public String org() {
        return DemoOrganisation.ORG;
    }

    public ApiKey viewerKey() {
        return viewer;
    }

    public ApiKey providerKey() {
        return provider;
    }

    public ApiKey adminKey() {
        return admin;
    }

    /** A Provider key of another organisation: the demo organisation answers it 403. */
    public ApiKey otherOrgKey() {
        return other;
    }

    /**
     * How many requests the server is handling now; 0 once every request answered so far has its
     * line in the request log (a line is written just after its answer). For tests.
     */
    int inFlight() {
        return server.inFlight();
    }

    /** Where the state lives (a temp directory unless a data directory was given). */
    public Path dataDir() {
        return store.dir();
    }

    /** Runtime fault injection for tests and demos, and the count of faults injected so far ({@link SandboxFaults#injected()}). */
    public SandboxFaults faults() {
        return faults;
    }

    /** Requests being served now, held-open ones included (for tests). */
    int activeExchanges() {
        return server.activeExchanges();
    }

    /**
     * Runs the orphan sweep now as if the clock read {@code now}: deletes uploads never registered
     * that are older than the orphan TTL. Returns how many objects and unnamed blobs went.
     */
    int sweepOrphans(java.time.Instant now) {
        return sweeper.sweep(now);
    }

    /** Stops the server and the pipelines; deletes the state if it lived in a temp directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop();
        sweeper.close();
        store.close();
        if (temporary) {
            deleteTree(store.dir());
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "Sandbox[" + (closed ? "closed" : baseUrl()) + ", org=" + org() + "]";
    }

    /**
     * Settings of a sandbox to start. Defaults: free port on 127.0.0.1, temp state, 5 GB objects,
     * 60 s URLs, uploads never registered deleted after 1 hour.
     */
    public static final class Builder {
        private int port;
        private String bind = "127.0.0.1";
        private Path dataDir;
        private long maxObjectBytes = 5L * 1024 * 1024 * 1024;
        private Duration urlExpiry = Duration.ofSeconds(60);
        private FaultSpec faults = FaultSpec.OFF;
        private Duration processingDelay = Duration.ofMillis(200);
        private java.io.PrintStream requestLog;
        private Duration orphanTtl = Duration.ofHours(1);
        private int threads = Workers.DEFAULT_THREADS;
        private Duration headerTimeout = Workers.DEFAULT_HEADER_TIMEOUT;
        private Duration bodyTimeout = Workers.DEFAULT_BODY_TIMEOUT;

        private Builder() {
        }

        /** The port, 0 (the default) for a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535 (0 for a free port), not " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on; only loopback unless set (e.g. {@code 0.0.0.0}). */
        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Keep the state in this directory, so that it survives a restart. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** The largest object a PUT may carry (default 5 GB, as S3); larger gets 400 EntityTooLarge. */
        public Builder maxObjectBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxObjectBytes must be >= 0, not " + bytes);
            }
            this.maxObjectBytes = bytes;
            return this;
        }

        /** How long a signed URL stays valid (default 60 s). */
        public Builder urlExpiry(Duration expiry) {
            this.urlExpiry = notNegative("urlExpiry", expiry);
            return this;
        }

        /** A random fault spec, see {@link SandboxFaults}; {@code "off"} by default. */
        public Builder faults(String spec) {
            this.faults = FaultSpec.parse(spec);
            return this;
        }

        /** How long each processing stage (queued, processing) lasts (default 200 ms). */
        public Builder processingDelay(Duration delay) {
            this.processingDelay = notNegative("processingDelay", delay);
            return this;
        }

        /**
         * Logs one line a request to {@code out}: time, method, path, what the client met (the
         * status, or {@code reset} / {@code cut} / {@code timeout}, then any injected fault:
         * {@code injected}, {@code slow 2s}, {@code expired-url}, {@code lost-after-apply},
         * {@code busy}), milliseconds. Never a query string (a signed URL's query is a
         * credential) nor a header. See docs/sandbox.md.
         */
        public Builder requestLog(java.io.PrintStream out) {
            this.requestLog = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * How long an uploaded object that no {@code file:create} or {@code file:updateRevision}
         * has taken is kept (default 1 hour); a sweep at start and then in the background deletes
         * older ones, after which registering their reference answers 400 InvalidReference.
         */
        public Builder orphanTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("orphanTtl must be positive (e.g. 1h), not " + ttl
                        + "; a client needs time between its upload and file:create");
            }
            this.orphanTtl = ttl;
            return this;
        }

        /**
         * At most this many requests served at once (default {@value Workers#DEFAULT_THREADS});
         * further ones are answered 503 with {@code Retry-After}. Package-private: for tests
         * that saturate a small pool.
         */
        Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * How long a client may take to send a request's line and headers (default 10 s) and its
         * body (default 30 s; for an upload, after that only while it keeps arriving at 16 KiB/s
         * or faster) before its connection is closed. Package-private: for tests.
         */
        Builder requestTimeouts(Duration headers, Duration body) {
            this.headerTimeout = positive("header timeout", headers);
            this.bodyTimeout = positive("body timeout", body);
            return this;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + d);
            }
            return d;
        }

        private static Duration notNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, not " + d);
            }
            return d;
        }

        /** Starts the sandbox; it is serving when this returns. */
        public Sandbox start() {
            return new Sandbox(new Config(port, bind, dataDir, maxObjectBytes, urlExpiry, faults, processingDelay, requestLog, orphanTtl,
                    threads, headerTimeout, bodyTimeout));
        }
    }
}

package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that serve the sandbox's exchanges, and the bounds on how long a client may take
 * to send its request.
 *
 * <p>How the JDK's server reads a request (JDK 17, {@code sun.net.httpserver.ServerImpl}): one
 * dispatcher thread accepts connections and selects those with bytes to read; for each it hands
 * an exchange task to the server's executor, and <em>that task</em> reads the request line and
 * headers with blocking reads on the socket, then calls our handler, which reads the body. A
 * client that sends part of its headers and then nothing holds the task's thread for as long as
 * it likes: the JDK's own bounds ({@code sun.net.httpserver.maxReqTime} and friends) are JVM-wide
 * system properties read once, when the first server of the JVM is made, and are off by default.
 * If the executor runs a task itself on the calling thread (a {@code CallerRunsPolicy}), the
 * dispatcher reads that request and the whole server stops.
 *
 * <p>So: the tasks run on a pool of at most {@code threads} threads, never on the dispatcher.
 * When every one is busy, a task goes to a small overflow pool whose only answer is 503 with
 * {@code Retry-After} (its reads bounded to 2 s); when that is full too, the task is
 * refused and the JDK closes the connection. Every task's header read, and each body read a
 * handler marks with {@link #reading}, has a deadline; a ticker interrupts a thread whose deadline
 * passed. Interrupting a thread blocked on a socket channel closes the channel
 * ({@link java.nio.channels.InterruptibleChannel}), so the read ends with an
 * {@code IOException} and the connection is closed; nothing outside this sandbox is affected.
 */
final class Workers implements Executor, AutoCloseable {
    /** Enough for 1,000 connections held open by slow or stuck clients and normal traffic besides. */
    static final int DEFAULT_THREADS = 2048;
    static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    private static final int OVERFLOW_THREADS = 16;
    private static final Duration OVERFLOW_HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final long TICK_MILLIS = 100;

    private static final ThreadLocal<Slot> CURRENT = new ThreadLocal<>();

    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor overflow;
    private final ScheduledExecutorService ticker;
    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final long headerNanos;
    private final long overflowHeaderNanos;
    private final int threads;
    private final Runnable onHeaderTimeout;

    /**
     * {@code onHeaderTimeout} hears of each connection closed because its request line and headers
     * did not arrive within {@code headerTimeout} (the handler never saw those requests).
     */
    Workers(int threads, Duration headerTimeout, Runnable onHeaderTimeout) {
        this.threads = threads;
        this.headerNanos = headerTimeout.toNanos();
        this.overflowHeaderNanos = Math.min(headerNanos, OVERFLOW_HEADER_TIMEOUT.toNanos());
        this.onHeaderTimeout = onHeaderTimeout;
        // no queue: a task either gets a thread now or is refused, so no request waits unseen
        this.pool = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.named("usmart-sandbox-http"), new ThreadPoolExecutor.AbortPolicy());
        this.overflow = new ThreadPoolExecutor(0, OVERFLOW_THREADS, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.named("usmart-sandbox-busy"), new ThreadPoolExecutor.AbortPolicy());
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("usmart-sandbox-deadlines"));
        ticker.scheduleAtFixedRate(this::expire, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    int threads() {
        return threads;
    }

    /** Exchanges being served now, on either pool (for tests). */
    int active() {
        return slots.size();
    }

    /**
     * Runs the JDK's exchange task on a pool thread, or on an overflow thread that answers 503;
     * throws {@link RejectedExecutionException} when both are full (the JDK then closes the
     * connection), never runs it on the caller (the dispatcher).
     */
    @Override
    public void execute(Runnable exchange) {
        try {
            pool.execute(() -> run(exchange, false, headerNanos));
        } catch (RejectedExecutionException full) {
            overflow.execute(() -> run(exchange, true, overflowHeaderNanos));
        }
    }

    private void run(Runnable exchange, boolean busy, long headerLimit) {
        Slot slot = new Slot(Thread.currentThread(), busy);
        slot.arm(headerLimit, 0);
        CURRENT.set(slot);
        slots.add(slot);
        try {
            exchange.run();
        } finally {
            boolean headersTimedOut = slot.finish();
            slots.remove(slot);
            CURRENT.remove();
            Thread.interrupted(); // an expiry that raced with the end of the task must not reach the next one
            if (headersTimedOut) {
                onHeaderTimeout.run();
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Slot s : slots) {
            s.expireIfDue(now);
        }
    }

    /**
     * Called first thing by the handler: the request line and headers have arrived, their
     * deadline ends. Returns whether the exchange runs on an overflow thread (the pool is
     * saturated: answer 503). If the deadline passed just as they arrived, the exchange goes on:
     * a write to a connection the expiry closed fails like one to a client that went away.
     */
    static boolean headersRead() {
        Slot s = CURRENT.get();
        if (s == null) {
            return false;
        }
        s.handled();
        return s.busy;
    }

    /**
     * Bounds the reads from the client (the request body, or the JDK draining what is left of it)
     * until the returned bound is closed: at most {@code limit} in all, and, when
     * {@code bytesPerSecond > 0}, after {@code limit} only while bytes keep arriving at that
     * average rate (reported through {@link Bound#progress}). Closing it throws
     * {@link RequestTimeout} if the deadline passed (the connection has then been closed).
     */
    static Bound reading(String what, Duration limit, long bytesPerSecond) {
        Slot s = CURRENT.get();
        if (s == null) {
            return Bound.NONE;
        }
        // an overflow thread only says "busy": it never waits on a client longer than for its headers
        s.arm(s.busy ? Math.min(limit.toNanos(), OVERFLOW_HEADER_TIMEOUT.toNanos()) : limit.toNanos(), bytesPerSecond);
        return new Bound(s, what);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        pool.shutdownNow();
        overflow.shutdownNow();
    }

    /** A bounded read; see {@link Workers#reading}. */
    static final class Bound implements AutoCloseable {
        static final Bound NONE = new Bound(null, "");
        private final Slot slot;
        private final String what;

        private Bound(Slot slot, String what) {
            this.slot = slot;
            this.what = what;
        }

        /** {@code total} bytes have arrived since the bound began: pushes a rate deadline back. */
        void progress(long total) {
            if (slot != null) {
                slot.progress(total);
            }
        }

        @Override
        public void close() throws RequestTimeout {
            if (slot != null) {
                slot.disarm(what);
            }
        }
    }

    /** The client did not send its request (headers or body) in time; its connection was closed. */
    static final class RequestTimeout extends IOException {
        final String what;

        RequestTimeout(String what) {
            super("the client did not send the request " + what + " in time; connection closed");
            this.what = what;
        }
    }

    /**
     * The deadline of one exchange's current read. Arming, disarming and expiring happen under
     * its monitor, and {@link #finish} too, so no interrupt reaches a thread after its read ended
     * without the reader learning of it.
     */
    private static final class Slot {
        final Thread thread;
        final boolean busy;
        private boolean armed;
        private boolean expired;
        private boolean finished;
        private boolean handled;
        private boolean headersExpired;
        private long graceEnd;
        private long deadline;
        private long bytesPerSecond;

        Slot(Thread thread, boolean busy) {
            this.thread = thread;
            this.busy = busy;
        }

        synchronized void arm(long limitNanos, long rate) {
            graceEnd = System.nanoTime() + limitNanos;
            deadline = graceEnd;
            bytesPerSecond = rate;
            armed = true;
            expired = false;
        }

        /** After the grace period, one more second for every {@code bytesPerSecond} bytes received. */
        synchronized void progress(long total) {
            if (armed && bytesPerSecond > 0) {
                deadline = graceEnd + (long) (total * (1e9 / bytesPerSecond));
            }
        }

        synchronized void handled() {
            handled = true;
            armed = false;
            if (expired) {
                expired = false;
                Thread.interrupted();
            }
        }

        synchronized void disarm(String what) throws RequestTimeout {
            armed = false;
            if (expired) {
                expired = false;
                Thread.interrupted(); // the interrupt did its work (closed the channel); nothing after must see it
                throw new RequestTimeout(what);
            }
        }

        synchronized void expireIfDue(long now) {
            if (armed && !finished && now - deadline >= 0) {
                armed = false;
                expired = true;
                headersExpired |= !handled;
                thread.interrupt();
            }
        }

        /** Ends the slot; returns whether the headers' deadline closed the connection before the handler ran. */
        synchronized boolean finish() {
            finished = true;
            armed = false;
            return headersExpired && !handled;
        }
    }
}

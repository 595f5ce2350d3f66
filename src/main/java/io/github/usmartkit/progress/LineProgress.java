package io.github.usmartkit.progress;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress as ONE line that updates in place (the console's or a notebook's), not a scroll:
 * throttled to a few redraws a second; optionally silent until the operation has run for a
 * while; and closed once finished, so a late update from another thread can never redraw over
 * what was printed after it (only a new attempt, starting again from zero, opens the line again).
 *
 * <p>A ticking line also redraws itself while no news comes (a small file's PUT waiting for the
 * store's answer, a wait between polls), so that it appears once the operation has run for its
 * delay whatever its size, and its elapsed time moves.
 */
final class LineProgress implements ProgressListener {

    private static final long MIN_INTERVAL_NANOS = 250_000_000L;
    /** How often a ticking line looks whether to redraw itself. */
    private static final long TICK_NANOS = 250_000_000L;
    /** Without news for this long, a ticking line stops ticking: its operation ended without saying so. */
    static final long QUIET_NANOS = 120_000_000_000L;

    private final Consumer<ProgressLine> sink;
    private final long delayNanos;
    private final LongSupplier clock;
    private final boolean ticking;
    private ScheduledFuture<?> ticks;
    private long lastNews;
    private long start = Long.MIN_VALUE;
    private long lastShown;
    private boolean visible;
    private boolean closed;
    private String stage;
    private ProgressLine last;

    LineProgress(Consumer<ProgressLine> sink, long delayNanos, LongSupplier clock) {
        this(sink, delayNanos, clock, false);
    }

    /** @param ticking whether the line redraws itself (on a shared daemon thread) while no news comes */
    LineProgress(Consumer<ProgressLine> sink, long delayNanos, LongSupplier clock, boolean ticking) {
        this.sink = sink;
        this.delayNanos = delayNanos;
        this.clock = clock;
        this.ticking = ticking;
    }

    /** The last line made (shown or not): for tests. */
    synchronized ProgressLine last() {
        return last;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = clock.getAsLong();
        if (closed) {
            if (done != 0) {
                return; // late news of a finished attempt
            }
            closed = false; // a new attempt: the line starts again
            visible = false;
            start = now;
            startTicking();
        }
        begin(now);
        lastNews = now;
        if (stage != null && new ProgressLine(task, 0, -1, null, 0, null).bytes()) {
            stage = null; // the bytes flow: the step before them ("asking for an upload URL") is over
        }
        last = new ProgressLine(task, done, total, stage, seconds(now), null);
        boolean complete = total > 0 && done >= total;
        maybeShow(now, complete);
    }

    @Override
    public synchronized void stage(String task, String stage) {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        begin(now);
        lastNews = now;
        this.stage = stage;
        last = last == null ? new ProgressLine(task, 0, -1, stage, seconds(now), null)
                : new ProgressLine(task, last.done(), last.total(), stage, seconds(now), null);
        maybeShow(now, false);
    }

    @Override
    public synchronized void finished(String task, boolean ok) {
        if (closed) {
            return;
        }
        stopTicking();
        if (last == null) {
            closed = true; // it failed before it began: the error says so, no line to end
            return;
        }
        long now = clock.getAsLong();
        begin(now);
        closed = true;
        // the line keeps the name it was shown with (a caller ending it after a failure may know less)
        last = new ProgressLine(last.task(), last.done(), last.total(), null, seconds(now), ok);
        if (visible || now - start >= delayNanos) {
            show(now); // a line already shown is ended; a quick operation never showed one and stays silent
        }
        stage = null;
    }

    private void begin(long now) {
        if (start == Long.MIN_VALUE) {
            start = now;
            startTicking();
        }
    }

    /**
     * A tick: the line as it stands with its elapsed time now, shown once the delay has passed
     * (at most every {@link #MIN_INTERVAL_NANOS}); nothing once finished.
     */
    synchronized void tick() {
        if (closed || last == null) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastNews > QUIET_NANOS) {
            stopTicking();
            return;
        }
        if (now - start < delayNanos || visible && now - lastShown < MIN_INTERVAL_NANOS) {
            return;
        }
        last = new ProgressLine(last.task(), last.done(), last.total(), stage, seconds(now), null);
        show(now);
    }

    private void startTicking() {
        if (ticking && ticks == null) {
            try {
                ticks = Ticker.TICKS.scheduleWithFixedDelay(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                // no ticks: the line still shows on the operation's own news
            }
        }
    }

    private void stopTicking() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    /**
     * The one thread that ticks every line: a daemon in the root thread group, so that JShell's
     * in-process engine, which joins every thread of a snippet's group, does not wait for it.
     */
    private static final class Ticker {
        static final ScheduledExecutorService TICKS = make();

        private static ScheduledExecutorService make() {
            ThreadGroup g = Thread.currentThread().getThreadGroup();
            while (g.getParent() != null) {
                g = g.getParent();
            }
            ThreadGroup root = g;
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(root, r, "usmart-progress");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            return e;
        }
    }

    private double seconds(long now) {
        return (now - start) / 1e9;
    }

    private void maybeShow(long now, boolean complete) {
        if (now - start < delayNanos) {
            return;
        }
        if (!visible || complete || now - lastShown >= MIN_INTERVAL_NANOS) {
            show(now);
        }
    }

    private void show(long now) {
        visible = true;
        lastShown = now;
        try {
            sink.accept(last);
        } catch (RuntimeException | LinkageError e) {
            // progress must never break the operation it reports on
        }
    }
}

package io.github.usmartkit.progress;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress as ONE line that updates in place (the console's or a notebook's), not a scroll:
 * throttled to a few redraws a second; optionally silent until the operation has run for a
 * while; and closed once finished, so a late update from another thread can never redraw over
 * what was printed after it (only a new attempt, starting again from zero, opens the line again).
 */
final class LineProgress implements ProgressListener {

    private static final long MIN_INTERVAL_NANOS = 250_000_000L;

    private final Consumer<ProgressLine> sink;
    private final long delayNanos;
    private final LongSupplier clock;
    private long start = Long.MIN_VALUE;
    private long lastShown;
    private boolean visible;
    private boolean closed;
    private String stage;
    private ProgressLine last;

    LineProgress(Consumer<ProgressLine> sink, long delayNanos, LongSupplier clock) {
        this.sink = sink;
        this.delayNanos = delayNanos;
        this.clock = clock;
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
        }
        begin(now);
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

package io.github.usmartkit.progress;

import io.github.usmartkit.internal.render.Bytes;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Progress for a log (output that is not a terminal: cron, CI, a redirected script): one
 * timestamped line per stage — each step reported, the start of a transfer, every 10 % of a large
 * one, the end — and never a carriage return.
 * <pre>
 * 2026-11-27T10:00:01Z upload air.csv: asking for an upload URL
 * 2026-11-27T10:00:01Z upload air.csv: uploading 9.6 MiB
 * 2026-11-27T10:00:02Z upload air.csv: 10% (0.96 MiB)
 * </pre>
 */
final class LogLines implements ProgressListener {

    /** Transfers at least this large also get a line every 10 %. */
    static final long LARGE = 1024 * 1024;

    private final PrintStream out;
    private final Clock clock;
    private Instant start;
    private long lastDone = -1;
    private int lastTenth = -1;
    private boolean ended;
    private String lastTask;

    LogLines(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        Instant now = begin();
        ended = false;
        lastTask = task;
        ProgressLine line = new ProgressLine(task, done, total, null, seconds(now), null);
        if (done == 0 && lastDone != 0) {
            lastTenth = 0;
            print(now, task, line.bytes() ? verb(task, "uploading", "downloading") + (total > 0 ? " " + Bytes.format(total) : "")
                    : total > 0 ? "0 of " + total + " finished" : "started");
        } else if (line.bytes()) {
            int tenth = total > 0 ? (int) (done * 10 / total) : -1;
            if (total >= LARGE && tenth > lastTenth && tenth < 10) {
                print(now, task, tenth * 10 + "% (" + Bytes.format(done) + ")");
            }
            lastTenth = Math.max(lastTenth, tenth);
        } else if (done != lastDone) {
            print(now, task, done + (total > 0 ? " of " + total : "") + " finished");
        }
        lastDone = done;
    }

    @Override
    public synchronized void stage(String task, String stage) {
        lastTask = task;
        print(begin(), task, stage);
    }

    @Override
    public synchronized void finished(String task, boolean ok) {
        if (ended || start == null) {
            return; // the end was already reported (a failed attempt, then the caller giving up), or nothing began
        }
        ended = true;
        Instant now = begin();
        task = lastTask != null ? lastTask : task; // the name it was reported under (a caller ending it after a failure may know less)
        String took = ProgressLine.seconds(seconds(now));
        boolean bytes = new ProgressLine(task, 0, -1, null, 0, ok).bytes();
        print(now, task, ok ? (bytes && lastDone >= 0 ? verb(task, "uploaded", "downloaded") + " " + Bytes.format(lastDone)
                + " in " + took : "done in " + took) : "failed after " + took);
        lastDone = -1;
    }

    private static String verb(String task, String upload, String download) {
        return task.toLowerCase(java.util.Locale.ROOT).startsWith("download") ? download : upload;
    }

    private Instant begin() {
        Instant now = clock.instant();
        if (start == null) {
            start = now;
        }
        return now;
    }

    private double seconds(Instant now) {
        return (now.toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }

    private void print(Instant now, String task, String what) {
        out.println(now.truncatedTo(ChronoUnit.SECONDS) + " " + task + ": " + what);
        out.flush();
    }
}

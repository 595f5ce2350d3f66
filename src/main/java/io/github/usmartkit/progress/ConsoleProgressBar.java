package io.github.usmartkit.progress;

import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.progress.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line console progress bar redrawn with {@code \r}: bytes, percentage, rate and ETA.
 * Redraws at most a few times a second.
 */
public final class ConsoleProgressBar implements ProgressListener {

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    public ConsoleProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && done != total) {
            return;
        }
        lastDraw = now;
        draw(line(task, done, total, (now - start) / 1e9));
    }

    @Override
    public synchronized void finished(String task, boolean ok) {
        draw(task + (ok ? " done" : " failed") + " in " + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
        out.println();
        out.flush();
    }

    private void draw(String s) {
        String pad = s.length() < lastLength ? " ".repeat(lastLength - s.length()) : "";
        out.print("\r" + s + pad);
        out.flush();
        lastLength = s.length();
    }

    /** The bar's text for a state (visible for tests). */
    public static String line(String task, long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder sb = new StringBuilder(task).append(' ');
        if (total > 0) {
            int width = 24;
            int filled = (int) (width * Math.min(1.0, (double) done / total));
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", (int) (100.0 * done / total)))
                    .append(Bytes.format(done)).append('/').append(Bytes.format(total));
        } else {
            sb.append(Bytes.format(done));
        }
        sb.append(' ').append(Bytes.format((long) rate)).append("/s");
        if (total > 0 && rate > 0 && done < total) {
            long eta = (long) ((total - done) / rate);
            sb.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
        }
        return sb.toString();
    }
}

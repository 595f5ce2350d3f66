package io.github.usmartkit.progress;

import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.display.Displays;
import io.github.usmartkit.display.Displayable;

import io.github.usmartkit.display.rapaio.RapaioDisplay;
import io.github.usmartkit.progress.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of an upload or refresh as ONE line that updates in place, not a scroll of output:
 * in a rapaio Jupyter kernel an updatable display (display id + update), elsewhere (JShell)
 * a text line redrawn with a carriage return. Updates are throttled to a few per second.
 * Uploads and downloads (tasks named "upload …"/"download …") count bytes; anything else, such as
 * "refresh …" (pipelines finished of all), counts plain units.
 *
 * <pre>{@code dataset(guid).replace(path, NotebookProgress.create())}</pre>
 */
public final class NotebookProgress implements ProgressListener {

    private static final long MIN_INTERVAL_NANOS = 250_000_000L;

    /** Where the line goes; one implementation per front end. */
    public interface Sink {
        /** Shows {@code line}, replacing the previous one. */
        void show(ProgressLine line);
    }

    private final Sink sink;
    private long lastShown;
    private ProgressLine last;

    NotebookProgress(Sink sink) {
        this.sink = sink;
    }

    /** A listener for where the code runs: the notebook display in a kernel, else standard output. */
    public static NotebookProgress create() {
        if (Displays.inRapaioKernel()) {
            return new NotebookProgress(new RapaioDisplay.ProgressSink());
        }
        return new NotebookProgress(new TextSink(System.out));
    }

    /** The last line shown (for tests and for showing the outcome again). */
    public synchronized ProgressLine last() {
        return last;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = System.nanoTime();
        boolean complete = total > 0 && done >= total;
        last = new ProgressLine(task, done, total, null);
        if (lastShown == 0 || complete || now - lastShown >= MIN_INTERVAL_NANOS) {
            lastShown = now;
            safeShow(last);
        }
    }

    @Override
    public synchronized void finished(String task, boolean ok) {
        long done = last == null ? 0 : last.done();
        long total = last == null ? -1 : last.total();
        last = new ProgressLine(task, done, total, ok);
        safeShow(last);
    }

    private void safeShow(ProgressLine line) {
        try {
            sink.show(line);
        } catch (RuntimeException | LinkageError e) {
            // progress must never break the upload it reports on
        }
    }

    /**
     * One state of the line.
     *
     * @param ok null while running, then true/false
     */
    public record ProgressLine(String task, long done, long total, Boolean ok) implements Displayable {

        /** 0–100, or -1 when the total is unknown. */
        public int percent() {
            return total > 0 ? (int) Math.min(100, done * 100 / total) : -1;
        }

        @Override
        public String toText() {
            String state = ok == null ? "" : ok ? " ✓ done" : " ✗ failed";
            if (total > 0) {
                int width = 20;
                int filled = percent() * width / 100;
                return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s / %s%s", task, "#".repeat(filled),
                        " ".repeat(width - filled), percent(), amount(done), amount(total), state);
            }
            return task + " " + (done > 0 ? amount(done) : "") + state;
        }

        @Override
        public String toHtml() {
            String colour = ok == null ? "#2e86c1" : ok ? "#27ae60" : "#c0392b";
            StringBuilder out = new StringBuilder("<div class=\"usmart-progress\" style=\"font-family:sans-serif;font-size:12px\">");
            out.append(Html.escape(task)).append(' ');
            if (total > 0) {
                out.append("<span style=\"display:inline-block;width:160px;height:8px;background:#eee;vertical-align:middle\">")
                        .append("<span style=\"display:inline-block;height:8px;background:").append(colour)
                        .append(";width:").append(percent()).append("%\"></span></span> ")
                        .append(percent()).append("% ").append(amount(done)).append(" / ").append(amount(total));
            } else if (done > 0) {
                out.append(amount(done));
            }
            if (ok != null) {
                out.append(ok ? " <b style=\"color:#27ae60\">✓ done</b>" : " <b style=\"color:#c0392b\">✗ failed</b>");
            }
            return out.append("</div>").toString();
        }

        /** Bytes for transfers, plain counts for everything else (e.g. pipelines finished). */
        private String amount(long n) {
            String t = task == null ? "" : task.toLowerCase(Locale.ROOT);
            return t.startsWith("upload") || t.startsWith("download") ? Bytes.format(n) : Long.toString(n);
        }
    }

    /** JShell / terminal: redraws one line with '\r'; ends it with a newline when finished. */
    static final class TextSink implements Sink {
        private final PrintStream out;
        private int lastLength;

        TextSink(PrintStream out) {
            this.out = out;
        }

        @Override
        public void show(ProgressLine line) {
            String text = line.toText();
            int pad = Math.max(0, lastLength - text.length());
            out.print("\r" + text + " ".repeat(pad));
            lastLength = text.length();
            if (line.ok() != null) {
                out.println();
                lastLength = 0;
            }
            out.flush();
        }
    }
}

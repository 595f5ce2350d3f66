package io.github.usmartkit.progress;

import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.internal.render.Html;

import java.util.Locale;

/**
 * One state of an operation's progress line, as text (terminal) and as compact HTML (notebook).
 * Transfers (tasks named "upload …"/"download …") count bytes and show a rate; anything else,
 * such as "refresh …" (pipelines finished of all), counts plain units.
 *
 * @param task    what runs, e.g. {@code upload air.csv}
 * @param done    units done
 * @param total   units in all, or -1 when unknown
 * @param stage   the current step while running (e.g. "asking for an upload URL"), or null
 * @param seconds time since the operation began
 * @param ok      null while running, then true/false
 */
public record ProgressLine(String task, long done, long total, String stage, double seconds, Boolean ok) {

    private static final int BAR = 20;

    /** 0–100, or -1 when the total is unknown. */
    public int percent() {
        return total > 0 ? (int) Math.min(100, done * 100 / total) : -1;
    }

    /** Whether this line counts bytes. */
    public boolean bytes() {
        String t = task == null ? "" : task.toLowerCase(Locale.ROOT);
        return t.startsWith("upload") || t.startsWith("download");
    }

    /** E.g. {@code upload air.csv [##########          ]  50% 4.8 MiB / 9.6 MiB · 2.1 MiB/s · 2.3 s}. */
    public String toText() {
        StringBuilder out = new StringBuilder(task);
        if (total > 0) {
            int filled = percent() * BAR / 100;
            out.append(" [").append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ");
            if (pipelines()) {
                out.append(done).append('/').append(total).append(" pipelines finished");
            } else {
                out.append(String.format(Locale.ROOT, "%3d%% ", percent())).append(amount(done)).append(" / ").append(amount(total));
            }
        } else if (done > 0) {
            out.append(' ').append(amount(done));
        }
        for (String detail : details()) {
            out.append(" · ").append(detail);
        }
        if (ok != null) {
            out.append(ok ? " ✓ done" : " ✗ failed");
        }
        return out.toString();
    }

    /** The same as a small bar, coloured by state; the task is escaped. */
    public String toHtml() {
        String colour = ok == null ? "#2e86c1" : ok ? "#27ae60" : "#c0392b";
        StringBuilder out = new StringBuilder("<div class=\"usmart-progress\" style=\"font-family:sans-serif;font-size:12px\">");
        out.append(Html.escape(task)).append(' ');
        if (total > 0) {
            out.append("<span style=\"display:inline-block;width:160px;height:8px;background:#eee;vertical-align:middle\">")
                    .append("<span style=\"display:inline-block;height:8px;background:").append(colour)
                    .append(";width:").append(percent()).append("%\"></span></span> ")
                    .append(pipelines() ? done + "/" + total + " pipelines finished"
                            : percent() + "% " + amount(done) + " / " + amount(total));
        } else if (done > 0) {
            out.append(amount(done));
        }
        for (String detail : details()) {
            out.append(" · ").append(Html.escape(detail));
        }
        if (ok != null) {
            out.append(ok ? " <b style=\"color:#27ae60\">✓ done</b>" : " <b style=\"color:#c0392b\">✗ failed</b>");
        }
        return out.append("</div>").toString();
    }

    /** Rate (transfers), elapsed time, and the current stage while running. */
    private java.util.List<String> details() {
        java.util.List<String> d = new java.util.ArrayList<>(3);
        if (bytes() && ok == null && seconds >= 0.5 && done > 0) {
            d.add(Bytes.format((long) (done / seconds)) + "/s");
        }
        if (seconds >= 0.05) {
            d.add(seconds(seconds));
        }
        if (ok == null && stage != null && !stage.isBlank()) {
            d.add(stage);
        }
        return d;
    }

    /** Whether this line counts pipelines finished (a wait for pipelines, "refresh …"): shown as finished/total, no percent. */
    private boolean pipelines() {
        return task != null && task.toLowerCase(Locale.ROOT).startsWith("refresh");
    }

    /** Bytes for transfers, plain counts for everything else (e.g. pipelines finished). */
    String amount(long n) {
        return bytes() ? Bytes.format(n) : Long.toString(n);
    }

    /** {@code 0.3 s}, {@code 12.0 s}, {@code 2:05}. */
    static String seconds(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = (long) s;
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}

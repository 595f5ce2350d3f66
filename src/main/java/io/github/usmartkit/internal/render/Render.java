package io.github.usmartkit.internal.render;

import io.github.usmartkit.internal.render.Html;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders small tables as text (aligned columns) and as compact HTML, capped to a number of
 * rows with an "N more rows" line. Used by the models' {@code toText()} / {@code toHtml()}.
 */
public final class Render {

    /** Rows shown before "N more rows". */
    public static final int ROW_CAP = 20;

    private Render() {
    }

    /** A text table with aligned columns. */
    public static String textTable(List<String> headers, List<List<String>> rows) {
        int[] w = new int[headers.size()];
        List<List<String>> shown = rows.size() > ROW_CAP ? rows.subList(0, ROW_CAP) : rows;
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : shown) {
                w[i] = Math.max(w[i], cell(r, i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, w);
        List<String> rule = new ArrayList<>();
        for (int x : w) {
            rule.add("-".repeat(x));
        }
        line(sb, rule, w);
        for (List<String> r : shown) {
            line(sb, r, w);
        }
        if (rows.size() > shown.size()) {
            sb.append("… ").append(rows.size() - shown.size()).append(" more rows\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < w.length; i++) {
            String c = cell(cells, i);
            sb.append(c).append(" ".repeat(w[i] - c.length()));
            if (i < w.length - 1) {
                sb.append("  ");
            }
        }
        // trailing spaces make copy-paste ugly
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static String cell(List<String> r, int i) {
        String s = i < r.size() ? r.get(i) : null;
        return s == null ? "" : s;
    }

    /** A compact HTML table, row-capped. */
    public static String htmlTable(List<String> headers, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table class=\"usmart\"><thead><tr>");
        for (String h : headers) {
            sb.append("<th>").append(Html.escape(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        int n = 0;
        for (List<String> r : rows) {
            if (n++ == ROW_CAP) {
                break;
            }
            sb.append("<tr>");
            for (int i = 0; i < headers.size(); i++) {
                sb.append("<td>").append(Html.escape(cell(r, i))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (rows.size() > ROW_CAP) {
            sb.append("<p>").append(rows.size() - ROW_CAP).append(" more rows</p>");
        }
        return sb.toString();
    }

    /** A byte count for people: 1.2 MB. */
    public static String bytes(Long n) {
        if (n == null) {
            return "";
        }
        if (n < 1024) {
            return n + " B";
        }
        String[] u = {"KB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, u[i]);
    }

    /** Null-safe toString. */
    public static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}

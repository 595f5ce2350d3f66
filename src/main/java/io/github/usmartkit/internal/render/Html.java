package io.github.usmartkit.internal.render;

import java.util.List;

/**
 * Small helpers for the kit's compact HTML: escaping and capped tables. Every fragment is
 * self-contained (inline styles, no scripts, no external resources) so it renders the same in
 * Jupyter, in a saved notebook and on a code host's notebook viewer.
 */
public final class Html {

    /** Style of the kit's tables: small, left-aligned, readable in light and dark themes. */
    static final String TABLE_STYLE =
            "border-collapse:collapse;font-size:12px;font-family:sans-serif;text-align:left";
    static final String CELL_STYLE = "border:1px solid #ccc;padding:2px 6px;text-align:left";
    static final String MORE_STYLE = "font-size:11px;color:#666;font-style:italic;margin-top:2px";

    private Html() {
    }

    /** Escapes {@code & < > " '} so text can never become markup. {@code null} becomes "". */
    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * An HTML table of at most {@code maxRows} rows; when rows were left out, a line
     * "N more rows" follows it. Cells are escaped.
     *
     * @param caption   shown above the table, may be {@code null}
     * @param headers   column names
     * @param rows      the rows, each a list of cell values in header order
     * @param totalRows how many rows there are in all (may exceed {@code rows.size()})
     * @param maxRows   how many rows to show
     */
    public static String table(String caption, List<String> headers, List<? extends List<?>> rows,
                               long totalRows, int maxRows) {
        StringBuilder out = new StringBuilder(256);
        out.append("<div class=\"usmart-table\">");
        out.append("<table style=\"").append(TABLE_STYLE).append("\">");
        if (caption != null && !caption.isBlank()) {
            out.append("<caption style=\"text-align:left;font-weight:bold;white-space:nowrap\">")
                    .append(escape(caption)).append("</caption>");
        }
        out.append("<thead><tr>");
        for (String h : headers) {
            out.append("<th style=\"").append(CELL_STYLE).append("\">").append(escape(h)).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        int shown = 0;
        for (List<?> row : rows) {
            if (shown >= maxRows) {
                break;
            }
            out.append("<tr>");
            for (Object cell : row) {
                out.append("<td style=\"").append(CELL_STYLE).append("\">").append(escape(cell)).append("</td>");
            }
            out.append("</tr>");
            shown++;
        }
        out.append("</tbody></table>");
        long more = totalRows - shown;
        if (more > 0) {
            out.append("<div class=\"usmart-more\" style=\"").append(MORE_STYLE).append("\">")
                    .append(moreRows(more)).append("</div>");
        }
        return out.append("</div>").toString();
    }

    /** "1 more row" / "N more rows". */
    public static String moreRows(long more) {
        return more == 1 ? "1 more row" : more + " more rows";
    }
}

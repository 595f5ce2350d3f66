package io.github.usmartkit.internal.render;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables with aligned columns, for JShell. */
public final class TextTable {

    /** Longer cells are cut with an ellipsis so one wide value cannot wreck the layout. */
    static final int MAX_CELL = 40;

    private TextTable() {
    }

    /**
     * Aligned columns, at most {@code maxRows} rows, then "… N more rows" when rows were left out.
     * See {@link Html#table} for the parameters.
     */
    public static String render(List<String> headers, List<? extends List<?>> rows, long totalRows, int maxRows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(headers.stream().map(TextTable::cell).toList());
        int shown = 0;
        for (List<?> row : rows) {
            if (shown >= maxRows) {
                break;
            }
            cells.add(row.stream().map(TextTable::cell).toList());
            shown++;
        }
        int columns = headers.size();
        int[] width = new int[columns];
        for (List<String> r : cells) {
            for (int c = 0; c < columns && c < r.size(); c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            List<String> r = cells.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String v = c < r.size() ? r.get(c) : "";
                line.append(v).append(" ".repeat(width[c] - v.length()));
                if (c < columns - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                out.append("-".repeat(total + 2 * Math.max(0, columns - 1))).append('\n');
            }
        }
        long more = totalRows - shown;
        if (more > 0) {
            out.append("… ").append(Html.moreRows(more)).append('\n');
        }
        return out.toString();
    }

    private static String cell(Object v) {
        String s = v == null ? "" : v.toString().replace('\n', ' ').replace('\r', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
    }
}

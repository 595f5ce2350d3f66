package io.github.usmartkit.display;

import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.TextTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} shown compactly: the first rows as HTML or aligned text, then
 * "N more rows". Immutable; {@link #maxRows(int)} returns a new view.
 *
 * <pre>{@code TableView.of(rows).maxRows(5)}</pre>
 */
public final class TableView implements Displayable {

    /** Rows shown when nothing else is asked for: enough to see the shape, small enough to save. */
    public static final int DEFAULT_MAX_ROWS = 10;

    private final Table table;
    private final int maxRows;

    private TableView(Table table, int maxRows) {
        this.table = Objects.requireNonNull(table, "table");
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be 0 or more, was " + maxRows);
        }
        this.maxRows = maxRows;
    }

    /** A view of {@code table} showing {@value #DEFAULT_MAX_ROWS} rows. */
    public static TableView of(Table table) {
        return new TableView(table, DEFAULT_MAX_ROWS);
    }

    /** The same table, showing at most {@code n} rows. */
    public TableView maxRows(int n) {
        return new TableView(table, n);
    }

    /** The table shown. */
    public Table table() {
        return table;
    }

    @Override
    public String toHtml() {
        return Html.table(caption(), table.columnNames(), firstRows(), table.rowCount(), maxRows);
    }

    @Override
    public String toText() {
        String caption = caption();
        return (caption == null ? "" : caption + "\n")
                + TextTable.render(table.columnNames(), firstRows(), table.rowCount(), maxRows);
    }

    @Override
    public String toString() {
        return toText();
    }

    /** "name (R rows × C columns)", or {@code null} for a table without a name. */
    private String caption() {
        return table.name() == null || table.name().isBlank()
                ? null : table.name() + " (" + table.rowCount() + " rows × " + table.columnCount() + " columns)";
    }

    private List<List<Object>> firstRows() {
        int n = Math.min(maxRows, table.rowCount());
        List<List<Object>> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            List<Object> row = new ArrayList<>(table.columnCount());
            for (Column<?> c : table.columns()) {
                row.add(c.isMissing(r) ? "" : c.getString(r));
            }
            rows.add(row);
        }
        return rows;
    }
}

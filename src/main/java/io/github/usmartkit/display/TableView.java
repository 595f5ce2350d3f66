package io.github.usmartkit.display;

import io.github.usmartkit.internal.render.TableStyle;

import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * A Tablesaw {@link Table} shown compactly in the kit's one table style: the first rows as HTML
 * or aligned text (fitting 120 columns, GUIDs shortened, empty columns left out, numbers
 * right-aligned and rounded alike), then "N more rows". The table itself keeps every value in
 * full. Immutable; {@link #maxRows(int)} returns a new view.
 *
 * <pre>{@code TableView.of(rows).maxRows(5)}</pre>
 */
public final class TableView implements Displayable {

    /** Rows shown when nothing else is asked for: enough to see the shape, small enough to save. */
    public static final int DEFAULT_MAX_ROWS = TableStyle.MAX_ROWS;

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
        return TableStyle.html(table, TableStyle.caption(table), maxRows);
    }

    @Override
    public String toText() {
        return TableStyle.text(table, TableStyle.caption(table), maxRows);
    }

    @Override
    public String toString() {
        return toText();
    }
}

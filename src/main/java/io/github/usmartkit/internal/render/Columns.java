package io.github.usmartkit.internal.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A model's columns, declared once: the declaration builds the Tablesaw table its
 * {@code table()} returns, and that same table is what its text and HTML views show (through
 * {@link TableStyle}). Immutable: each method returns a new declaration, so one can be a constant.
 * <pre>{@code
 * static final Columns<FileInfo> COLUMNS = Columns.<FileInfo>of()
 *         .text("fileGUID", FileInfo::fileGuid).bytes("size", FileInfo::fileSize);
 * COLUMNS.table("files of " + title, files)
 * }</pre>
 *
 * @param <T> the item type, one row per item
 */
public final class Columns<T> {

    private final List<Function<List<T>, Column<?>>> columns;

    private Columns(List<Function<List<T>, Column<?>>> columns) {
        this.columns = List.copyOf(columns);
    }

    /** A declaration without columns yet. */
    public static <T> Columns<T> of() {
        return new Columns<>(List.of());
    }

    private Columns<T> with(Function<List<T>, Column<?>> column) {
        List<Function<List<T>, Column<?>>> all = new ArrayList<>(columns);
        all.add(column);
        return new Columns<>(all);
    }

    /** A text column; null values are missing cells. */
    public Columns<T> text(String name, Function<T, String> value) {
        return with(items -> {
            StringColumn c = StringColumn.create(name);
            items.forEach(i -> c.append(value.apply(i)));
            return c;
        });
    }

    /** A whole-number column; null values are missing cells. */
    public Columns<T> number(String name, Function<T, Long> value) {
        return with(items -> longs(name, items, value));
    }

    /** A column of byte counts: exact numbers in the table, shown as 96.1 KiB (see {@link Bytes}). */
    public Columns<T> bytes(String name, Function<T, Long> value) {
        return with(items -> {
            LongColumn c = longs(name, items, value);
            c.setPrintFormatter(Bytes.columnFormat());
            return c;
        });
    }

    /** A count column (never missing). */
    public Columns<T> count(String name, ToIntFunction<T> value) {
        return with(items -> {
            IntColumn c = IntColumn.create(name);
            items.forEach(i -> c.append(value.applyAsInt(i)));
            return c;
        });
    }

    /** The table named {@code name}, one row per item. */
    public Table table(String name, List<T> items) {
        Column<?>[] built = new Column<?>[columns.size()];
        for (int i = 0; i < built.length; i++) {
            built[i] = columns.get(i).apply(items);
        }
        return Table.create(name, built);
    }

    private static <T> LongColumn longs(String name, List<T> items, Function<T, Long> value) {
        LongColumn c = LongColumn.create(name);
        for (T i : items) {
            Long v = value.apply(i);
            if (v == null) {
                c.appendMissing();
            } else {
                c.append(v);
            }
        }
        return c;
    }
}

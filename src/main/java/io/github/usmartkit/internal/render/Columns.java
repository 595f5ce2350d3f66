package io.github.usmartkit.internal.render;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Builds a Tablesaw table with one row per item, one column at a time:
 * {@code Columns.of(files).text("fileGUID", FileInfo::fileGuid).number("size", FileInfo::fileSize).table("files")}.
 * A null number is a missing cell.
 *
 * @param <T> the item type
 */
public final class Columns<T> {

    private final List<T> items;
    private final List<Column<?>> columns = new ArrayList<>();

    private Columns(List<T> items) {
        this.items = items;
    }

    /** A builder over {@code items}. */
    public static <T> Columns<T> of(List<T> items) {
        return new Columns<>(items);
    }

    /** A text column. */
    public Columns<T> text(String name, Function<T, String> value) {
        StringColumn c = StringColumn.create(name);
        items.forEach(i -> c.append(value.apply(i)));
        columns.add(c);
        return this;
    }

    /** A whole-number column; null values are missing cells. */
    public Columns<T> number(String name, Function<T, Long> value) {
        LongColumn c = LongColumn.create(name);
        for (T i : items) {
            Long v = value.apply(i);
            if (v == null) {
                c.appendMissing();
            } else {
                c.append(v);
            }
        }
        columns.add(c);
        return this;
    }

    /** A count column (never missing). */
    public Columns<T> count(String name, ToIntFunction<T> value) {
        IntColumn c = IntColumn.create(name);
        items.forEach(i -> c.append(value.applyAsInt(i)));
        columns.add(c);
        return this;
    }

    /** The table named {@code name}. */
    public Table table(String name) {
        return Table.create(name, columns.toArray(new Column<?>[0]));
    }
}

package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Turns a JSON array of row objects into a Tablesaw {@link Table}: one column per key (in order
 * of first appearance), typed by what the cells hold: all integers → long, all numbers →
 * double, all booleans → boolean, anything else → string. Missing cells stay missing.
 */
public final class RowsTable {

    private RowsTable() {
    }

    /** Builds the table. */
    public static Table of(String name, JsonNode rows) {
        Set<String> keys = new LinkedHashSet<>();
        List<JsonNode> list = new ArrayList<>();
        if (rows != null && rows.isArray()) {
            for (JsonNode r : rows) {
                if (r.isObject()) {
                    list.add(r);
                    for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                        keys.add(it.next());
                    }
                }
            }
        }
        List<Column<?>> cols = new ArrayList<>();
        for (String k : keys) {
            cols.add(column(k, list));
        }
        return Table.create(name, cols.toArray(new Column<?>[0]));
    }

    private static Column<?> column(String key, List<JsonNode> rows) {
        boolean allLong = true;
        boolean allNumber = true;
        boolean allBool = true;
        boolean any = false;
        for (JsonNode r : rows) {
            JsonNode v = r.get(key);
            if (v == null || v.isNull()) {
                continue;
            }
            any = true;
            allLong &= v.isIntegralNumber() && v.canConvertToLong();
            allNumber &= v.isNumber();
            allBool &= v.isBoolean();
        }
        if (any && allLong) {
            return fill(LongColumn.create(key), rows, key, (c, v) -> c.append(v.asLong()));
        }
        if (any && allNumber) {
            return fill(DoubleColumn.create(key), rows, key, (c, v) -> c.append(v.asDouble()));
        }
        if (any && allBool) {
            return fill(BooleanColumn.create(key), rows, key, (c, v) -> c.append(v.asBoolean()));
        }
        return fill(StringColumn.create(key), rows, key, (c, v) -> c.append(v.isValueNode() ? v.asText() : v.toString()));
    }

    private static <C extends Column<?>> C fill(C column, List<JsonNode> rows, String key, BiConsumer<C, JsonNode> append) {
        for (JsonNode r : rows) {
            JsonNode v = r.get(key);
            if (v == null || v.isNull()) {
                column.appendMissing();
            } else {
                append.accept(column, v);
            }
        }
        return column;
    }
}

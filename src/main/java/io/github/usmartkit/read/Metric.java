package io.github.usmartkit.read;

import java.util.List;
import java.util.Locale;

/**
 * One aggregation operation on a column: {@code avg(no2)}, {@code value_count(site)},
 * {@code stats(pm10)}. Made by {@link Urql#avg}, {@link Urql#count}, … and given to
 * {@link RowQuery#aggregate}, {@link RowQuery#histogram}.
 *
 * @param op     the operation
 * @param column the column it is computed over
 */
public record Metric(Op op, String column) {

    /** URQL's aggregation operations. */
    public enum Op {
        /** non-empty cells, of any column */
        VALUE_COUNT,
        /** sum (number columns) */
        SUM,
        /** mean (number columns) */
        AVG,
        /** least value (number or timestamp columns) */
        MIN,
        /** greatest value (number or timestamp columns) */
        MAX,
        /** all five: value_count, sum, avg, min, max (number columns) */
        STATS;

        /** The operation's URQL name: {@code value_count}, {@code sum}, … */
        public String urql() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final List<Op> STATS_PARTS = List.of(Op.VALUE_COUNT, Op.SUM, Op.AVG, Op.MIN, Op.MAX);

    public Metric {
        if (op == null) {
            throw Urql.bad("the aggregation operation is null", "Use count, sum, avg, min, max or stats of Urql");
        }
        column = Urql.columnName(column, op.urql());
    }

    /** As written in the query: {@code avg(no2)}. */
    public String urql() {
        return op.urql() + "(" + Urql.encode(column) + ")";
    }

    /** The name the answer gives the value, and the table's column: {@code avg(no2)}. */
    public String key() {
        return op.urql() + "(" + column + ")";
    }

    /**
     * The table columns this operation fills: its {@link #key()}, or for {@code stats} one per part
     * ({@code value_count(no2)}, {@code sum(no2)}, {@code avg(no2)}, {@code min(no2)}, {@code max(no2)}).
     */
    public List<String> columns() {
        if (op != Op.STATS) {
            return List.of(key());
        }
        return STATS_PARTS.stream().map(p -> p.urql() + "(" + column + ")").toList();
    }

    @Override
    public String toString() {
        return urql();
    }
}

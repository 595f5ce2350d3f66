package io.github.usmartkit.read;

import java.util.List;

/**
 * The groups of an {@code aggregate(…)}: one or more columns ({@link Urql#by}), optionally a date
 * histogram as the last level ({@link #histogram}), and at most {@link #limit} buckets per level
 * (the service's default is 100,000). Immutable. Given to {@link RowQuery#aggregate(Group, Metric...)}.
 *
 * @param columns           the grouping columns, outermost first
 * @param histogramField    the timestamp column of a last date-histogram level, or null
 * @param histogramInterval its bucket width, or null
 * @param limit             buckets per level, or 0 for the service's default
 */
public record Group(List<String> columns, String histogramField, Interval histogramInterval, int limit) {

    public Group {
        if (columns == null || columns.stream().anyMatch(java.util.Objects::isNull)) {
            throw Urql.bad("the group's columns are null or hold a null", "Name the columns to group by, as by(\"site\")");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty() && histogramField == null) {
            throw Urql.bad("a group needs at least one column", "Name the columns to group by, as by(\"site\")");
        }
        columns.forEach(c -> Urql.columnName(c, "by"));
        if (histogramField != null) {
            Urql.columnName(histogramField, "histogram");
            if (histogramInterval == null) {
                throw Urql.bad("the histogram's interval is null", "Give one of MINUTE, HOUR, DAY, WEEK, MONTH, YEAR");
            }
        }
        if (limit < 0) {
            throw Urql.bad("a group limit of " + limit + " is negative", "Give the number of buckets to keep per level, e.g. limit(10)");
        }
    }

    /** At most {@code n} buckets per level (the ones with the most rows). */
    public Group limit(int n) {
        if (n <= 0) {
            throw Urql.bad("a group limit of " + n + " keeps nothing", "Give a positive number of buckets per level, e.g. limit(10)");
        }
        return new Group(columns, histogramField, histogramInterval, n);
    }

    /** Adds a date histogram of {@code field} by {@code interval} as the innermost level. */
    public Group histogram(String field, Interval interval) {
        if (histogramField != null) {
            throw Urql.bad("this group already ends with a histogram of " + histogramField, "Give one histogram per aggregate");
        }
        return new Group(columns, field, interval, limit);
    }

    /** The names of the table's group columns: the grouping columns, then the histogram's field. */
    public List<String> names() {
        if (histogramField == null) {
            return columns;
        }
        java.util.List<String> all = new java.util.ArrayList<>(columns);
        all.add(histogramField);
        return List.copyOf(all);
    }
}

package io.github.usmartkit.read;

/**
 * One key of a URQL {@code sort(…)}: a column, ascending ({@link Urql#asc}) or descending
 * ({@link Urql#desc}). Given to {@link RowQuery#sort(Sort...)}.
 *
 * @param column     the column, as named in the rows
 * @param descending whether largest first
 */
public record Sort(String column, boolean descending) {

    public Sort {
        column = Urql.columnName(column, descending ? "desc" : "asc");
    }

    /** The key as written inside {@code sort(…)}: {@code +site} or {@code -no2} (URQL's documented prefixes). */
    public String urql() {
        return (descending ? "-" : "+") + Urql.encode(column);
    }

    @Override
    public String toString() {
        return urql();
    }
}

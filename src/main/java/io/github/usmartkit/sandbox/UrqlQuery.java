package io.github.usmartkit.sandbox;

import io.github.usmartkit.sandbox.PublishedRows.Row;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A URQL query compiled against one publication's {@link Schema} by {@link UrqlCompiler}: which
 * rows, in which order, which columns, how many, in which format, or which aggregation.
 */
final class UrqlQuery {
    /** Rows asked for when no {@code limit} is given (A). */
    static final long DEFAULT_LIMIT = 100;
    /** {@code limit(n, offset)} pages only within the first rows; beyond, {@code limit(-1)} streams. */
    static final long PAGING_CAP = 10_000;

    /** A condition on a row. */
    interface Filter {
        boolean test(Row r);
    }

    static final Filter ALL = r -> true;
    /** What a condition on an unknown column is: it matches no row, as in a search engine. */
    static final Filter NONE = r -> false;

    final Filter filter;
    /** The match() terms, which rank rows by how many of their words a row holds. */
    final List<Match> ranking;
    /** Null: rows in published order. */
    final Ordering ordering;
    /** The real columns to answer (in schema order); null: all. */
    final boolean[] selected;
    /** -1: every row. */
    final long limit;
    final long offset;
    final boolean csv;
    /** Null: rows are answered. */
    final UrqlAggregation aggregation;

    UrqlQuery(Filter filter, List<Match> ranking, Ordering ordering, boolean[] selected, long limit, long offset,
              boolean csv, UrqlAggregation aggregation) {
        this.filter = filter;
        this.ranking = ranking;
        this.ordering = ordering;
        this.selected = selected;
        this.limit = limit;
        this.offset = offset;
        this.csv = csv;
        this.aggregation = aggregation;
    }

    /** A match() term: its column and the words it looks for. */
    record Match(int column, Set<String> words) {
        int score(Row r) {
            return column < 0 ? 0 : UrqlText.matches(r.cell(column), words);
        }
    }

    /** A sort key: a column, its type, the direction. */
    record SortKey(int column, Schema.Type type, boolean descending) { }

    /**
     * The order rows are answered in: by the sort() keys (missing values last either way, as a
     * search engine sorts), else by match() rank; ties in published order.
     */
    static final class Ordering {
        private final List<SortKey> keys;

        /** Empty keys: by rank. */
        Ordering(List<SortKey> keys) {
            this.keys = keys;
        }

        /** Computes the row's numeric sort keys once, before it is held for sorting. */
        void prepare(Row r) {
            if (keys.isEmpty()) {
                return;
            }
            double[] k = new double[keys.size()];
            for (int i = 0; i < k.length; i++) {
                SortKey key = keys.get(i);
                String cell = r.cell(key.column());
                k[i] = cell.isEmpty() ? Double.NaN : switch (key.type()) {
                    case NUMBER -> Double.parseDouble(cell);
                    case TIMESTAMP -> IsoTime.parse(cell);
                    case TEXT -> 0; // compared as text
                };
            }
            r.keys = k;
        }

        Comparator<Row> comparator() {
            if (keys.isEmpty()) {
                return (a, b) -> a.score != b.score ? Integer.compare(b.score, a.score) : Long.compare(a.index, b.index);
            }
            return (a, b) -> {
                for (int i = 0; i < keys.size(); i++) {
                    int c = compare(keys.get(i), i, a, b);
                    if (c != 0) {
                        return c;
                    }
                }
                return Long.compare(a.index, b.index);
            };
        }

        private static int compare(SortKey key, int i, Row a, Row b) {
            boolean aMissing;
            boolean bMissing;
            int c;
            if (key.type() == Schema.Type.TEXT) {
                String x = a.cell(key.column());
                String y = b.cell(key.column());
                aMissing = x.isEmpty();
                bMissing = y.isEmpty();
                c = x.compareTo(y);
            } else {
                aMissing = Double.isNaN(a.keys[i]);
                bMissing = Double.isNaN(b.keys[i]);
                c = Double.compare(a.keys[i], b.keys[i]);
            }
            if (aMissing || bMissing) {
                return aMissing == bMissing ? 0 : aMissing ? 1 : -1;
            }
            return key.descending() ? -c : c;
        }
    }
}

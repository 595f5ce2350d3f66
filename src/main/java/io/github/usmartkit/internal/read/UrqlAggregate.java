package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.read.AggregateQuery;
import io.github.usmartkit.read.Metric;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregation's read: one GET, its answer (a one-element array holding an object) flattened to
 * a table, one row per bucket path: {@code [{"North Park": {"avg(no2)": 23.4, "max(pm10)": 61}}]}
 * with groups {@code [site]} gives a row {@code site=North Park, avg(no2)=23.4, max(pm10)=61}.
 * A leaf is the operation's value when there is one operation, else an object keyed by each
 * operation as written ({@code avg(no2)}); {@code stats} is an object of its five parts. Keys
 * missing from a leaf are missing cells; a leaf keyed otherwise than expected is read by position.
 */
final class UrqlAggregate implements AggregateQuery {

    /** Whether the answer's object is the leaf itself (operations without groups) or nested by groups. */
    enum Shape { PLAIN, NESTED }

    private static final List<String> STATS_PARTS = List.of("value_count", "sum", "avg", "min", "max");

    private final Transport transport;
    private final String rc;
    private final String url;
    private final List<String> groups;
    private final List<Metric> metrics;
    private final Shape shape;
    private final boolean histogramLast;
    private final String name;

    /**
     * @param groups        the names of the group levels, outermost first
     * @param histogramLast whether the last level is a date histogram (its buckets become date-times)
     */
    UrqlAggregate(Transport transport, String rc, String url, List<String> groups, boolean histogramLast, List<Metric> metrics,
                  Shape shape, String name) {
        this.transport = transport;
        this.rc = rc;
        this.url = url;
        this.groups = List.copyOf(groups);
        this.metrics = List.copyOf(metrics);
        this.shape = shape;
        this.histogramLast = histogramLast;
        this.name = name;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public JsonNode json() {
        return Answers.read(transport, rc, url, in -> {
            JsonNode n = Answers.tree(in);
            if (n.isObject() && n.has("result")) {
                n = n.get("result");
            }
            if (!(n.isArray() && n.size() == 1 && n.get(0).isObject()) && !n.isObject()) {
                throw new Answers.NotRows("an aggregation's answer is a one-element array holding an object, not "
                        + (n.isArray() ? "an array of " + n.size() : "a JSON " + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
            }
            return n;
        });
    }

    @Override
    public Table table() {
        JsonNode answer = json();
        return flatten(name, answer.isArray() ? answer.get(0) : answer, groups, histogramLast, metrics, shape);
    }

    /** The table of one aggregation answer's object (for tests, too). */
    static Table flatten(String name, JsonNode object, List<String> groups, boolean histogramLast, List<Metric> metrics, Shape shape) {
        IsoStamp stamp = new IsoStamp();
        Map<String, TypedColumn> columns = new LinkedHashMap<>();
        List<TypedColumn> groupColumns = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            // a histogram's buckets (its field is the last level) are typed; group keys stay text, as the service keys them
            boolean histogramLevel = histogramLast && g == groups.size() - 1;
            TypedColumn c = new TypedColumn(uniqueName(columns, groups.get(g)), !histogramLevel, stamp);
            groupColumns.add(c);
            columns.put(c.name(), c);
        }
        List<List<TypedColumn>> metricColumns = new ArrayList<>();
        for (Metric m : metrics) {
            List<TypedColumn> mine = new ArrayList<>();
            for (String col : m.columns()) {
                TypedColumn c = columns.get(col);
                if (c == null || groupColumns.contains(c)) {
                    c = new TypedColumn(uniqueName(columns, col), false, stamp);
                    columns.put(c.name(), c);
                    mine.add(c);
                } else {
                    mine.add(null); // the same value already has its column (e.g. avg with stats)
                }
            }
            metricColumns.add(mine);
        }
        int[] rows = {0};
        if (shape == Shape.PLAIN || groups.isEmpty()) {
            leaf(object, metrics, metricColumns, true);
            rows[0] = 1;
        } else {
            walk(object, 0, new String[groups.size()], groupColumns, metrics, metricColumns, rows);
        }
        Column<?>[] built = columns.values().stream().map(c -> c.finish(rows[0])).toArray(Column<?>[]::new);
        return Table.create(name, built);
    }

    private static String uniqueName(Map<String, TypedColumn> columns, String wanted) {
        String n = wanted;
        for (int k = 2; columns.containsKey(n); k++) {
            n = wanted + " (" + k + ")";
        }
        return n;
    }

    private static void walk(JsonNode n, int depth, String[] keys, List<TypedColumn> groupColumns, List<Metric> metrics,
                             List<List<TypedColumn>> metricColumns, int[] rows) {
        if (depth == groupColumns.size()) {
            for (int g = 0; g < keys.length; g++) {
                groupColumns.get(g).append(com.fasterxml.jackson.databind.node.TextNode.valueOf(keys[g]));
            }
            leaf(n, metrics, metricColumns, false);
            rows[0]++;
            return;
        }
        if (n == null || !n.isObject()) {
            return; // a level without buckets (an unknown column groups nothing)
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keys[depth] = e.getKey();
            walk(e.getValue(), depth + 1, keys, groupColumns, metrics, metricColumns, rows);
        }
    }

    /** Appends one leaf's values; {@code keyed}: the leaf is an object keyed by operation even for one. */
    private static void leaf(JsonNode leaf, List<Metric> metrics, List<List<TypedColumn>> metricColumns, boolean keyed) {
        for (int i = 0; i < metrics.size(); i++) {
            Metric m = metrics.get(i);
            JsonNode v;
            if (metrics.size() == 1 && (!keyed || leaf == null || !leaf.has(m.key()))) {
                v = leaf != null && leaf.isObject() && leaf.has(m.key()) ? leaf.get(m.key()) : leaf;
            } else {
                v = leaf == null ? null : leaf.get(m.key());
                if (v == null && leaf != null && leaf.isObject() && leaf.size() == metrics.size()) {
                    v = nth(leaf, i); // keyed otherwise than we write the key: take them in order
                }
            }
            List<TypedColumn> cols = metricColumns.get(i);
            if (m.op() == Metric.Op.STATS) {
                for (int k = 0; k < STATS_PARTS.size(); k++) {
                    if (cols.get(k) != null) {
                        cols.get(k).append(v == null || !v.isObject() ? null : v.get(STATS_PARTS.get(k)));
                    }
                }
            } else if (cols.get(0) != null) {
                cols.get(0).append(v);
            }
        }
    }

    private static JsonNode nth(JsonNode object, int i) {
        Iterator<JsonNode> it = object.elements();
        for (int k = 0; k < i && it.hasNext(); k++) {
            it.next();
        }
        return it.hasNext() ? it.next() : null;
    }
}

package io.github.usmartkit.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.sandbox.PublishedRows.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * URQL's aggregations, computed over the rows a query's filters let through, holding one
 * accumulator per bucket and never the rows.
 *
 * <p>The answer is a one-element array holding an object (P: public code reads
 * {@code aggregate(Property_ID,Home_ID,value_count(Timestamp))} as {@code json[0]}, a nested
 * object {@code {Property_ID value: {Home_ID value: count}}}). The rest is assumed (A):
 * <ul>
 * <li>metrics without groups: {@code [{"avg(no2)": 23.4, "max(pm10)": 61.2}]}, one key per
 * operation as written ({@code op(property)});</li>
 * <li>{@code aggregate(g1, g2, …, ops, limit)}: {@code [{g1 value: {g2 value: leaf}}]}, buckets by
 * descending row count (ties by key), at most {@code limit} (default 100,000) per level; rows
 * without a value for a group are left out of it, as a search engine's terms aggregation does;</li>
 * <li>{@code date_histogram(field, interval, ops)}: {@code [{"2026-01-01T00:00:00.000Z": leaf, …}]},
 * buckets in time order from the first to the last, the empty ones between included; inside
 * {@code aggregate(…)} as its last grouping;</li>
 * <li>a leaf is the operation's value when there is one operation, else an object keyed as above;
 * {@code stats} is {@code {"value_count", "sum", "avg", "min", "max"}}; {@code avg}, {@code min}
 * and {@code max} of no value are null, {@code sum} 0; {@code min}/{@code max} of a timestamp
 * column are the timestamp as written;</li>
 * <li>{@code serial_diff(lag)} after an operation inside date_histogram: that operation's value
 * minus its value {@code lag} buckets earlier (null for the first {@code lag} buckets).</li>
 * </ul>
 */
final class UrqlAggregation {
    /** More buckets than this in one date histogram is refused (Elasticsearch's max_buckets). */
    static final int MAX_HISTOGRAM_BUCKETS = 65_536;
    /** More distinct groups than this is refused, so that a group by a unique column cannot exhaust memory (A). */
    static final int MAX_GROUPS = 200_000;
    static final int DEFAULT_GROUP_LIMIT = 100_000;

    enum Op {
        VALUE_COUNT("value_count"), SUM("sum"), AVG("avg"), MIN("min"), MAX("max"), STATS("stats"), SERIAL_DIFF("serial_diff");

        final String name;

        Op(String name) {
            this.name = name;
        }

        static Op of(String name) {
            for (Op op : values()) {
                if (op.name.equals(name)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** One operation: on a column (-1 when unknown: no values), or a serial_diff with its lag. */
    record Metric(Op op, int column, Schema.Type type, String key, int lag) { }

    /** A grouping column (-1 when unknown: no buckets). */
    record Group(int column, Schema.Type type) { }

    /** A date histogram on a timestamp column (-1 when unknown: no buckets) and its operations. */
    record Histogram(int column, CalendarUnit unit, List<Metric> ops) { }

    private final List<Group> groups;
    private final Histogram histogram;
    /** the operations of each leaf (the histogram's when there is one) */
    private final List<Metric> ops;
    /** the operations that hold an accumulator (all but serial_diff) */
    private final List<Metric> accumulated = new ArrayList<>();
    private final int limit;
    /** whether the answer's object is the leaf itself (metrics, no groups, no histogram) */
    private final boolean plain;
    private final Bucket root;
    private int buckets;

    /** Metrics without groups. */
    static UrqlAggregation metrics(List<Metric> ops) {
        return new UrqlAggregation(List.of(), null, ops, DEFAULT_GROUP_LIMIT, true);
    }

    static UrqlAggregation aggregate(List<Group> groups, Histogram histogram, List<Metric> ops, int limit) {
        return new UrqlAggregation(groups, histogram, histogram != null ? histogram.ops() : ops, limit, false);
    }

    static UrqlAggregation histogram(Histogram histogram) {
        return new UrqlAggregation(List.of(), histogram, histogram.ops(), DEFAULT_GROUP_LIMIT, false);
    }

    private UrqlAggregation(List<Group> groups, Histogram histogram, List<Metric> ops, int limit, boolean plain) {
        this.groups = groups;
        this.histogram = histogram;
        this.ops = ops;
        this.limit = limit;
        this.plain = plain;
        for (Metric m : ops) {
            if (m.op() != Op.SERIAL_DIFF) {
                accumulated.add(m);
            }
        }
        this.root = new Bucket(accumulated.size());
    }

    /** Counts a row that the filters let through. */
    void accept(Row r) {
        Bucket b = root;
        b.rows++;
        for (Group g : groups) {
            if (g.column() < 0) {
                return;
            }
            String cell = r.cell(g.column());
            if (cell.isEmpty()) {
                return;
            }
            String key = g.type() == Schema.Type.NUMBER ? canonicalNumber(cell) : cell;
            Bucket child = b.children.get(key);
            if (child == null) {
                if (++buckets > MAX_GROUPS) {
                    throw ApiError.validation("the aggregation makes more than " + MAX_GROUPS
                            + " groups; group by columns with fewer distinct values, or filter the rows first");
                }
                child = new Bucket(accumulated.size());
                b.children.put(key, child);
            }
            b = child;
            b.rows++;
        }
        if (histogram != null) {
            if (histogram.column() < 0) {
                return;
            }
            String cell = r.cell(histogram.column());
            long t = cell.isEmpty() ? IsoTime.INVALID : IsoTime.parse(cell);
            if (t == IsoTime.INVALID) {
                return;
            }
            long start = histogram.unit().floor(t);
            if (b.histogram == null) {
                b.histogram = new TreeMap<>();
            }
            Bucket child = b.histogram.get(start);
            if (child == null) {
                child = new Bucket(accumulated.size());
                b.histogram.put(start, child);
            }
            b = child;
            b.rows++;
        }
        for (int k = 0; k < accumulated.size(); k++) {
            Metric m = accumulated.get(k);
            if (m.column() >= 0) {
                b.acc[k].add(m.type(), r.cell(m.column()));
            }
        }
    }

    /** The answer: a one-element array. Throws a 400 for a histogram with too many buckets. */
    JsonNode result() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (plain) {
            out.add(leafObject(root));
        } else if (groups.isEmpty()) {
            out.add(histogramObject(root));
        } else {
            out.add(level(root, 0));
        }
        return out;
    }

    private ObjectNode level(Bucket b, int depth) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        List<Map.Entry<String, Bucket>> entries = new ArrayList<>(b.children.entrySet());
        entries.sort((x, y) -> x.getValue().rows != y.getValue().rows
                ? Long.compare(y.getValue().rows, x.getValue().rows) : x.getKey().compareTo(y.getKey()));
        for (Map.Entry<String, Bucket> e : entries.subList(0, Math.min(limit, entries.size()))) {
            Bucket child = e.getValue();
            JsonNode v;
            if (depth + 1 < groups.size()) {
                v = level(child, depth + 1);
            } else if (histogram != null) {
                v = histogramObject(child);
            } else {
                v = leaf(child, null, 0);
            }
            o.set(e.getKey(), v);
        }
        return o;
    }

    private ObjectNode histogramObject(Bucket b) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (b.histogram == null || b.histogram.isEmpty()) {
            return o;
        }
        CalendarUnit unit = histogram.unit();
        long first = b.histogram.firstKey();
        long last = b.histogram.lastKey();
        List<Double[]> history = new ArrayList<>();
        Bucket empty = new Bucket(accumulated.size());
        int n = 0;
        for (long t = first; t <= last; t = unit.add(t, 1)) {
            if (++n > MAX_HISTOGRAM_BUCKETS) {
                throw ApiError.validation("date_histogram would make more than " + MAX_HISTOGRAM_BUCKETS
                        + " buckets; use a longer interval than " + unit.interval + ", or filter the rows to a shorter time");
            }
            Bucket bucket = b.histogram.getOrDefault(t, empty);
            o.set(IsoTime.format(t), leaf(bucket, history, n - 1));
        }
        return o;
    }

    /** The leaf value of a bucket; {@code history} holds earlier buckets' values for serial_diff. */
    private JsonNode leaf(Bucket b, List<Double[]> history, int position) {
        JsonNode[] values = new JsonNode[ops.size()];
        Double[] numeric = new Double[ops.size()];
        int k = 0;
        for (int j = 0; j < ops.size(); j++) {
            Metric m = ops.get(j);
            if (m.op() == Op.SERIAL_DIFF) {
                Double now = numeric[j - 1];
                Double then = position >= m.lag() && history != null ? history.get(position - m.lag())[j - 1] : null;
                numeric[j] = now == null || then == null ? null : now - then;
                values[j] = numeric[j] == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.numberNode(numeric[j]);
            } else {
                Acc a = b.acc[k++];
                values[j] = a.value(m);
                numeric[j] = values[j].isNumber() ? values[j].asDouble() : null;
            }
        }
        if (history != null) {
            history.add(numeric);
        }
        if (values.length == 1) {
            return values[0];
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int j = 0; j < values.length; j++) {
            o.set(ops.get(j).key(), values[j]);
        }
        return o;
    }

    private ObjectNode leafObject(Bucket b) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int k = 0; k < ops.size(); k++) {
            o.set(ops.get(k).key(), b.acc[k].value(ops.get(k)));
        }
        return o;
    }

    /** A number cell as a group key: integers without a fraction, others as Java writes a double. */
    private static String canonicalNumber(String cell) {
        double v = Double.parseDouble(cell);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static final class Bucket {
        long rows;
        final Acc[] acc;
        final Map<String, Bucket> children = new HashMap<>();
        TreeMap<Long, Bucket> histogram;

        Bucket(int metrics) {
            acc = new Acc[metrics];
            for (int k = 0; k < metrics; k++) {
                acc[k] = new Acc();
            }
        }
    }

    /** The values of one operation's column in one bucket. */
    private static final class Acc {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        String minText;
        String maxText;

        void add(Schema.Type type, String cell) {
            if (cell.isEmpty()) {
                return;
            }
            count++;
            double v;
            if (type == Schema.Type.NUMBER) {
                v = Double.parseDouble(cell);
                sum += v;
            } else if (type == Schema.Type.TIMESTAMP) {
                v = IsoTime.parse(cell);
            } else {
                return;
            }
            if (v < min) {
                min = v;
                minText = cell;
            }
            if (v > max) {
                max = v;
                maxText = cell;
            }
        }

        JsonNode value(Metric m) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            return switch (m.op()) {
                case VALUE_COUNT -> f.numberNode(count);
                case SUM -> f.numberNode(sum);
                case AVG -> count == 0 ? f.nullNode() : f.numberNode(sum / count);
                case MIN -> count == 0 ? f.nullNode() : m.type() == Schema.Type.TIMESTAMP ? f.textNode(minText) : f.numberNode(min);
                case MAX -> count == 0 ? f.nullNode() : m.type() == Schema.Type.TIMESTAMP ? f.textNode(maxText) : f.numberNode(max);
                case STATS -> {
                    ObjectNode o = f.objectNode();
                    o.put("value_count", count);
                    o.put("sum", sum);
                    o.set("avg", count == 0 ? f.nullNode() : f.numberNode(sum / count));
                    o.set("min", count == 0 ? f.nullNode() : f.numberNode(min));
                    o.set("max", count == 0 ? f.nullNode() : f.numberNode(max));
                    yield o;
                }
                case SERIAL_DIFF -> throw new IllegalStateException("serial_diff has no accumulator");
            };
        }
    }
}

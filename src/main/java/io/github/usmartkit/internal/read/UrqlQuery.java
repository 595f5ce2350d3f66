package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.read.AggregateQuery;
import io.github.usmartkit.read.Filter;
import io.github.usmartkit.read.Group;
import io.github.usmartkit.read.Interval;
import io.github.usmartkit.read.Metric;
import io.github.usmartkit.read.RowQuery;
import io.github.usmartkit.read.Sort;
import io.github.usmartkit.read.Urql;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@link RowQuery} of the URQL read API: {@code GET {readUrl}/org/{org}/{rc}/{latest|revision}/urql?…},
 * retried when safe. Immutable; every refinement is a copy. The query string is written in one
 * order, {@code limit(..)&filters…&sort(..)&select(..)&raw terms}, from terms the {@link Urql}
 * factories already encoded.
 */
public final class UrqlQuery implements RowQuery {

    private static final Pattern REVISION = Pattern.compile("latest|[1-9][0-9]{0,9}");
    /** Directives the builder writes itself, which the service takes once each. */
    private static final Pattern DIRECTIVE = Pattern.compile("(^|&)\\(*(limit|sort|select|format)\\(");

    private final Transport transport;
    private final String rc;
    private final String revision;
    private final int limit;
    private final int offset;
    private final List<String> filters;
    /** the filters as people read them, for the table's name (charts take their title from it) */
    private final List<String> labels;
    private final String sort;
    private final String select;
    private final String raw;

    /**
     * A query for the first {@value #DEFAULT_LIMIT} rows of the latest publication; makes no call.
     *
     * @param resourceContainerGuid a checked GUID
     */
    public UrqlQuery(Transport transport, String resourceContainerGuid) {
        this(transport, resourceContainerGuid, "latest", DEFAULT_LIMIT, 0, List.of(), List.of(), null, null, null);
    }

    private UrqlQuery(Transport transport, String rc, String revision, int limit, int offset, List<String> filters,
                      List<String> labels, String sort, String select, String raw) {
        this.transport = transport;
        this.rc = rc;
        this.revision = revision;
        this.limit = limit;
        this.offset = offset;
        this.filters = List.copyOf(filters);
        this.labels = List.copyOf(labels);
        this.sort = sort;
        this.select = select;
        this.raw = raw;
    }

    private UrqlQuery with(String rev, int lim, int off, List<String> f, String s, String sel, String r) {
        return new UrqlQuery(transport, rc, rev, lim, off, f, labels, s, sel, r);
    }

    private BadRequestException bad(String what, String whatToDo) {
        return new BadRequestException(Failure.of(Action.URQL.name(), rc, what, whatToDo));
    }

    @Override
    public RowQuery limit(int n) {
        if (n < -1 || n == 0) {
            throw bad("limit " + n + " is not allowed", "Give a positive number of rows, or -1 (or all()) for every row");
        }
        return with(revision, n, offset, filters, sort, select, raw);
    }

    @Override
    public RowQuery offset(int n) {
        if (n < 0) {
            throw bad("offset " + n + " is negative", "Give 0 or more");
        }
        return with(revision, limit, n, filters, sort, select, raw);
    }

    @Override
    public RowQuery all() {
        return with(revision, -1, offset, filters, sort, select, raw);
    }

    @Override
    public RowQuery where(String column, Object value) {
        if (value == null && column != null && !column.isBlank()) {
            // a null here is more often a variable not set than a wish for empty cells: that is said with eq
            throw bad("the filter's value for column " + column + " is null", "Give the value to match; for the rows without"
                    + " a value write where(eq(\"" + column + "\", null)), for those with one where(exists(\"" + column + "\"))");
        }
        return where(Urql.eq(column, value));
    }

    @Override
    public RowQuery where(Filter... given) {
        if (given == null || given.length == 0) {
            throw bad("where() was given no filter", "Give filters such as where(gt(\"no2\", 40)) (import static io.github.usmartkit.read.Urql.*)");
        }
        List<String> f = new ArrayList<>(filters);
        List<String> l = new ArrayList<>(labels);
        for (int i = 0; i < given.length; i++) {
            if (given[i] == null) {
                throw bad("filter " + (i + 1) + " given to where(..) is null", "Give filters made with eq, gt, in, … of Urql");
            }
            f.add(given[i].urql());
            l.add(given[i].label());
        }
        return new UrqlQuery(transport, rc, revision, limit, offset, f, l, sort, select, raw);
    }

    @Override
    public RowQuery sort(Sort... keys) {
        if (keys == null || keys.length == 0) {
            throw bad("sort() was given no key", "Give keys such as sort(desc(\"no2\"), asc(\"site\"))");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null) {
                throw bad("sort key " + (i + 1) + " is null", "Give keys made with asc(..) or desc(..) of Urql");
            }
            parts.add(keys[i].urql());
        }
        return with(revision, limit, offset, filters, "sort(" + String.join(",", parts) + ")", select, raw);
    }

    @Override
    public RowQuery sort(String... columns) {
        if (columns == null || columns.length == 0) {
            throw bad("sort() was given no column", "Name the columns to sort by, as sort(\"site\"), or sort(desc(\"no2\"))");
        }
        return sort(Arrays.stream(columns).map(Urql::asc).toArray(Sort[]::new));
    }

    @Override
    public RowQuery select(String... columns) {
        if (columns == null || columns.length == 0) {
            throw bad("select() was given no column", "Name the columns to keep, as select(\"timestamp\", \"no2\")");
        }
        List<String> names = new ArrayList<>();
        for (String c : columns) {
            if (c == null || c.isBlank()) {
                throw bad("a column name given to select is " + (c == null ? "null" : "empty"), "Name columns of the rows");
            }
            names.add(Urql.encode(c));
        }
        return with(revision, limit, offset, filters, sort, "select(" + String.join(",", names) + ")", raw);
    }

    @Override
    public RowQuery revision(String rev) {
        if (rev == null || !REVISION.matcher(rev).matches()) {
            throw bad("revision '" + rev + "' is not 'latest' or a number from 1", "Use \"latest\" or a revision number such as 3");
        }
        return with(rev, limit, offset, filters, sort, select, raw);
    }

    @Override
    public RowQuery revision(int rev) {
        if (rev < 1) {
            throw bad("revision " + rev + " is not a published revision", "Revisions are numbered from 1; use revision(\"latest\") for the newest");
        }
        return with(Integer.toString(rev), limit, offset, filters, sort, select, raw);
    }

    @Override
    public RowQuery urql(String rawTerms) {
        return with(revision, limit, offset, filters, sort, select, RawTerms.check(rawTerms, rc));
    }

    /** The query string of a rows read. */
    String query() {
        List<String> terms = new ArrayList<>();
        if (limit == -1) {
            terms.add(offset > 0 ? "limit(-1," + offset + ")" : "limit(-1)");
        } else {
            terms.add(offset > 0 ? "limit(" + limit + "," + offset + ")" : "limit(" + limit + ")");
        }
        terms.addAll(filters);
        if (sort != null) {
            terms.add(sort);
        }
        if (select != null) {
            terms.add(select);
        }
        if (raw != null) {
            terms.add(raw);
        }
        return String.join("&", terms);
    }

    @Override
    public String url() {
        return transport.endpoints().urql(rc, revision, query());
    }

    /** The URL of an aggregation: the filters and raw terms, then the aggregation's terms (no limit, sort or select). */
    String aggregationUrl(String aggregation) {
        List<String> terms = new ArrayList<>(filters);
        if (raw != null) {
            terms.add(raw);
        }
        terms.add(aggregation);
        return transport.endpoints().urql(rc, revision, String.join("&", terms));
    }

    @Override
    public JsonNode json() {
        JsonNode n = Answers.read(transport, rc, url(), Answers::tree);
        if (n.isObject() && n.has("result")) {
            n = n.get("result"); // tolerate an envelope
        }
        if (!n.isArray()) {
            throw Answers.notRows(transport, rc, "a JSON " + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", not an array of rows");
        }
        return n;
    }

    @Override
    public Table table() {
        String name = labels.isEmpty() ? rc : rc + " where " + String.join(" and ", labels);
        Table t = Answers.read(transport, rc, url(), in -> RowsReader.read(name, in));
        if (t.rowCount() == 0 && t.columnCount() == 0 && (!filters.isEmpty() || raw != null || offset > 0)) {
            // The read API answers [] when nothing matches, a filter on a column it does not have
            // included (Elasticsearch's way). One unfiltered row (a read, on empty answers only)
            // gives the empty table the columns and types the rows have, so code that names a
            // column works on it too, and the header shows which columns there are to filter on.
            UrqlQuery unfiltered = with(revision, 1, 0, List.of(), null, select, null);
            Table one = Answers.read(transport, rc, unfiltered.url(), in -> RowsReader.read(name, in));
            if (one.columnCount() > 0) {
                t = one.emptyCopy();
                t.setName(name);
            }
        }
        return t;
    }

    @Override
    public String csv() {
        return transport.get(Action.URQL, rc, url() + "&format(csv)");
    }

    @Override
    public AggregateQuery aggregate(Metric... metrics) {
        List<Metric> ms = metrics("aggregate", metrics);
        String terms = String.join("&", ms.stream().map(Metric::urql).toList());
        return new UrqlAggregate(transport, rc, aggregationUrl(terms), List.of(), false, ms, UrqlAggregate.Shape.PLAIN,
                "aggregate of " + rc);
    }

    @Override
    public AggregateQuery aggregate(Group groups, Metric... metrics) {
        if (groups == null) {
            throw bad("aggregate(..) was given no group (null)", "Give the groups first, as aggregate(by(\"site\"), avg(\"no2\"))");
        }
        List<Metric> ms = metrics("aggregate", metrics);
        List<String> args = new ArrayList<>();
        groups.columns().forEach(c -> args.add(Urql.encode(c)));
        String ops = ms.size() == 1 ? ms.get(0).urql() : "(" + String.join(",", ms.stream().map(Metric::urql).toList()) + ")";
        if (groups.histogramField() != null) {
            args.add(histogramTerm(groups.histogramField(), groups.histogramInterval(), ms));
        } else {
            args.add(ops);
        }
        if (groups.limit() > 0) {
            args.add(Integer.toString(groups.limit()));
        }
        return new UrqlAggregate(transport, rc, aggregationUrl("aggregate(" + String.join(",", args) + ")"), groups.names(),
                groups.histogramField() != null, ms,
                UrqlAggregate.Shape.NESTED, "aggregate of " + rc);
    }

    @Override
    public AggregateQuery histogram(String field, Interval interval, Metric... metrics) {
        if (field == null || field.isBlank()) {
            throw bad("the histogram's field is " + (field == null ? "null" : "empty"), "Name a timestamp column, as histogram(\"timestamp\", DAY, avg(\"no2\"))");
        }
        if (interval == null) {
            throw bad("the histogram's interval is null", "Give one of MINUTE, HOUR, DAY, WEEK, MONTH, YEAR");
        }
        List<Metric> ms = metrics("histogram", metrics);
        return new UrqlAggregate(transport, rc, aggregationUrl(histogramTerm(field, interval, ms)), List.of(field), true, ms,
                UrqlAggregate.Shape.NESTED, "histogram of " + rc);
    }

    private static String histogramTerm(String field, Interval interval, List<Metric> ms) {
        return "date_histogram(" + Urql.encode(field) + "," + interval.urql() + ","
                + String.join(",", ms.stream().map(Metric::urql).toList()) + ")";
    }

    @Override
    public Table stats(String column) {
        Metric m = Urql.stats(column);
        return new UrqlAggregate(transport, rc, aggregationUrl(m.urql()), List.of(), false, List.of(m), UrqlAggregate.Shape.PLAIN,
                m.key() + " of " + rc).table();
    }

    private List<Metric> metrics(String op, Metric[] metrics) {
        if (metrics == null || metrics.length == 0) {
            throw bad(op + "(..) was given no operation", "Give operations such as avg(\"no2\"), count(\"site\"), stats(\"pm10\")");
        }
        for (int i = 0; i < metrics.length; i++) {
            if (metrics[i] == null) {
                throw bad("operation " + (i + 1) + " given to " + op + "(..) is null", "Give operations made with count, sum, avg, min, max or stats of Urql");
            }
        }
        return List.of(metrics);
    }

    @Override
    public String toString() {
        return "RowQuery[" + url() + "]";
    }

    /** Raw URQL terms: checked, and made sendable. */
    static final class RawTerms {
        private static final char[] HEX = "0123456789ABCDEF".toCharArray();

        private RawTerms() {
        }

        static String check(String terms, String rc) {
            if (terms == null || terms.isBlank()) {
                throw new BadRequestException(Failure.of(Action.URQL.name(), rc, "urql(..) was given no terms",
                        "Give URQL terms such as urql(\"withinBoundingBox(geom,(-3.3,-3.1,55.9,56.0))\")"));
            }
            String t = terms.strip();
            while (t.startsWith("&")) {
                t = t.substring(1);
            }
            while (t.endsWith("&")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.startsWith("?")) {
                t = t.substring(1);
            }
            var m = DIRECTIVE.matcher(t);
            if (m.find()) {
                String d = m.group(2);
                throw new BadRequestException(Failure.of(Action.URQL.name(), rc, "the raw terms repeat " + d + "(..), which the query writes itself",
                        "Use ." + (d.equals("format") ? "csv()" : d + "(..)") + " of the query instead (the service takes " + d + " once)"));
            }
            StringBuilder sb = new StringBuilder(t.length() + 16);
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '%') {
                    if (i + 2 >= t.length() || hex(t.charAt(i + 1)) < 0 || hex(t.charAt(i + 2)) < 0) {
                        throw new BadRequestException(Failure.of(Action.URQL.name(), rc, "the raw terms hold a broken % escape at position "
                                + (i + 1) + ": '" + t.substring(i, Math.min(t.length(), i + 3)) + "'",
                                "Write a % itself as %25, or encode text with Urql.encode(..)"));
                    }
                    sb.append(c);
                } else if (allowedInQuery(c)) {
                    sb.append(c);
                } else {
                    int end = Character.isHighSurrogate(c) && i + 1 < t.length() ? i + 2 : i + 1;
                    for (byte b : t.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                    }
                    i = end - 1;
                }
            }
            return sb.toString();
        }

        private static int hex(char c) {
            return Character.digit(c, 16);
        }

        /** RFC 3986's query characters: unreserved, sub-delims, ':', '@', '/', '?'. */
        private static boolean allowedInQuery(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
        }
    }
}

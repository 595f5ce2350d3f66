package io.github.usmartkit.sandbox;

import io.github.usmartkit.sandbox.UrqlParser.Call;
import io.github.usmartkit.sandbox.UrqlParser.Empty;
import io.github.usmartkit.sandbox.UrqlParser.Items;
import io.github.usmartkit.sandbox.UrqlParser.Kind;
import io.github.usmartkit.sandbox.UrqlParser.Node;
import io.github.usmartkit.sandbox.UrqlParser.Word;
import io.github.usmartkit.sandbox.UrqlQuery.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a parsed URQL query into a {@link UrqlQuery} for one publication: resolves column names
 * against its {@link Schema}, gives each value the type of the column it is compared with (as a
 * search engine does: {@code eq(no2,40)} compares numbers, {@code eq(TREETAG,414)} text), and
 * checks every term. What it refuses is a 400 naming the term and where it starts.
 *
 * <p>Values: {@code true}/{@code false}, {@code null} (and {@code undefined}, taken as null),
 * numbers, ISO-8601 dates (colons need not be encoded), anything else text; {@code string:3} is
 * the text "3" and {@code number:}/{@code boolean:} force those types. A value that the column's
 * type cannot hold (text against a number column) is refused. A filter on a column the
 * publication does not have matches no row, as a search engine's would; its negation
 * ({@code ne}) so matches every row.
 */
final class UrqlCompiler {
    private static final Set<String> DIRECTIVES = Set.of("limit", "sort", "select", "format");
    private static final List<String> KNOWN = List.of("eq", "ne", "lt", "le", "gt", "ge", "in", "exists", "and", "or",
            "re", "match", "matchphrase", "sort", "select", "limit", "format", "value_count", "sum", "avg", "min", "max",
            "stats", "aggregate", "date_histogram");

    private final String raw;
    private final Schema schema;
    private final long now;

    private Filter filter = UrqlQuery.ALL;
    private final List<UrqlQuery.Match> ranking = new ArrayList<>();
    private final List<UrqlAggregation.Metric> metrics = new ArrayList<>();
    private UrqlAggregation aggregation;
    private Call aggregationTerm;
    private Call limitTerm;
    private Call sortTerm;
    private Call selectTerm;
    private Call formatTerm;
    private long limit = UrqlQuery.DEFAULT_LIMIT;
    private long offset;
    private boolean csv;
    private UrqlQuery.Ordering ordering;
    private boolean[] selected;

    private UrqlCompiler(String raw, Schema schema, long now) {
        this.raw = raw == null ? "" : raw;
        this.schema = schema;
        this.now = now;
    }

    /** Compiles the query; {@code now} is what {@code now} in date math means. */
    static UrqlQuery compile(String rawQuery, UrqlParser.Items parsed, Schema schema, long now) {
        return new UrqlCompiler(rawQuery, schema, now).compile(parsed);
    }

    private UrqlQuery compile(Items top) {
        if (top.kind() == Kind.OR) {
            filter = filter(top);
        } else {
            List<Filter> conditions = new ArrayList<>();
            for (Node n : top.items()) {
                if (n instanceof Call c && DIRECTIVES.contains(c.name())) {
                    directive(c);
                } else if (n instanceof Call c && isAggregation(c.name())) {
                    aggregation(c);
                } else if (n instanceof Call c && isCacheOption(c)) {
                    continue; // cache=true: a hint to the service's cache, nothing to do here
                } else {
                    conditions.add(filter(n));
                }
            }
            filter = and(conditions);
        }
        if (!metrics.isEmpty()) {
            aggregation = UrqlAggregation.metrics(metrics);
        }
        if (aggregation != null && csv) {
            throw error("format(csv) gives rows; an aggregation answers JSON only", formatTerm);
        }
        return new UrqlQuery(filter, List.copyOf(ranking), ordering != null ? ordering
                : ranking.isEmpty() ? null : new UrqlQuery.Ordering(List.of()), selected, limit, offset, csv, aggregation);
    }

    private static boolean isAggregation(String name) {
        return UrqlAggregation.Op.of(name) != null && !name.equals("serial_diff") || name.equals("aggregate") || name.equals("date_histogram");
    }

    private static boolean isCacheOption(Call c) {
        return c.name().equals("eq") && c.args().size() == 2 && c.args().get(0) instanceof Word p && p.text().equals("cache")
                && c.args().get(1) instanceof Word v && (v.text().equals("true") || v.text().equals("false"));
    }

    private ApiError error(String message, Node at) {
        return ApiError.query(message + " (at position " + (at.start() + 1) + ")", UrqlParser.raw(raw, at), at.start() + 1);
    }

    private String text(Node n) {
        return UrqlParser.raw(raw, n);
    }

    // ---- filters

    private Filter filter(Node n) {
        if (n instanceof Items items) {
            if (items.kind() == Kind.ARRAY) {
                throw error("a list of values " + text(n) + " where a condition should be", n);
            }
            List<Filter> parts = new ArrayList<>();
            for (Node item : items.items()) {
                parts.add(filter(item));
            }
            return items.kind() == Kind.AND ? and(parts) : or(parts);
        }
        if (n instanceof Word w) {
            throw error("'" + w.text() + "' is not a condition; write property=value or an operator such as eq(property,value)", n);
        }
        if (n instanceof Empty) {
            throw error("an empty term where a condition should be", n);
        }
        Call c = (Call) n;
        String name = c.name();
        if (name.equals("serial_diff")) {
            throw error("serial_diff works inside date_histogram(…), after the operation it differences", c);
        }
        if (DIRECTIVES.contains(name) || isAggregation(name)) {
            throw error(name + "(…) belongs at the top level of the query, joined to the rest with '&', not inside a condition", c);
        }
        return switch (name) {
            case "and", "or" -> {
                if (c.args().isEmpty()) {
                    throw error(name + "() needs at least one condition", c);
                }
                List<Filter> parts = new ArrayList<>();
                for (Node a : c.args()) {
                    parts.add(filter(a));
                }
                yield name.equals("and") ? and(parts) : or(parts);
            }
            case "eq", "ne", "lt", "le", "gt", "ge" -> comparison(c);
            case "in" -> in(c);
            case "exists" -> exists(c);
            case "re" -> regex(c);
            case "match" -> match(c);
            case "matchphrase" -> matchPhrase(c);
            case "withinBoundingBox" -> throw error("withinBoundingBox is not implemented by the sandbox (its rows have no geometry column)", c);
            default -> throw error("unknown URQL operator '" + name + "'; known: " + String.join(", ", KNOWN), c);
        };
    }

    private static Filter and(List<Filter> parts) {
        if (parts.isEmpty()) {
            return UrqlQuery.ALL;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Filter[] all = parts.toArray(new Filter[0]);
        return r -> {
            for (Filter f : all) {
                if (!f.test(r)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Filter or(List<Filter> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Filter[] any = parts.toArray(new Filter[0]);
        return r -> {
            for (Filter f : any) {
                if (f.test(r)) {
                    return true;
                }
            }
            return false;
        };
    }

    private void arity(Call c, int min, int max, String usage) {
        if (c.args().size() < min || c.args().size() > max) {
            throw error(c.name() + " takes " + usage + "; got " + c.args().size() + " argument(s)", c);
        }
    }

    /** The column a property argument names: its index, or -1 when the publication has no such column. */
    private int column(Node n, Call c) {
        if (!(n instanceof Word w)) {
            throw error("the first argument of " + c.name() + " must be a property name, not " + text(n), n.start() == n.end() ? c : n);
        }
        return schema.indexOf(w.text());
    }

    private String propertyName(Node n) {
        return ((Word) n).text();
    }

    private Filter comparison(Call c) {
        String op = c.name();
        boolean dateMath = op.equals("le") || op.equals("ge");
        arity(c, 2, dateMath ? 5 : 2, dateMath ? "(property, value) or, with date math, (property, date, offset, rounding)" : "(property, value)");
        int col = column(c.args().get(0), c);
        Node valueNode = c.args().get(1);
        if (valueNode instanceof Items it && it.kind() == Kind.ARRAY) {
            throw error(op + " compares with one value; for any of several use in(" + propertyName(c.args().get(0)) + "," + text(valueNode) + ")", valueNode);
        }
        Value v = value(valueNode, c);
        if (c.args().size() > 2) {
            return dateMath(c, col, v);
        }
        if (col < 0) {
            return op.equals("ne") ? UrqlQuery.ALL : UrqlQuery.NONE;
        }
        Schema.Type type = schema.type(col);
        if (v.kind == Looks.NULL) {
            return switch (op) {
                case "eq" -> r -> r.cell(col).isEmpty();
                case "ne" -> r -> !r.cell(col).isEmpty();
                default -> throw error(op + " cannot compare with null; use exists(" + schema.name(col) + ") or eq(" + schema.name(col) + ",null)", valueNode);
            };
        }
        Filter eq;
        Filter test = switch (type) {
            case NUMBER -> {
                double x = number(v, col, valueNode);
                eq = r -> {
                    String s = r.cell(col);
                    return !s.isEmpty() && Double.parseDouble(s) == x;
                };
                yield numberTest(op, col, x);
            }
            case TIMESTAMP -> {
                long t = millis(v, col, valueNode);
                eq = r -> {
                    String s = r.cell(col);
                    return !s.isEmpty() && IsoTime.parse(s) == t;
                };
                yield timeTest(op, col, t);
            }
            case TEXT -> {
                String s = v.text;
                eq = r -> s.equals(r.cell(col));
                yield textTest(op, col, s);
            }
        };
        if (op.equals("eq")) {
            return eq;
        }
        if (op.equals("ne")) {
            return r -> !eq.test(r);
        }
        return test;
    }

    private static Filter numberTest(String op, int col, double x) {
        return switch (op) {
            case "lt" -> r -> {
                String s = r.cell(col);
                return !s.isEmpty() && Double.parseDouble(s) < x;
            };
            case "le" -> r -> {
                String s = r.cell(col);
                return !s.isEmpty() && Double.parseDouble(s) <= x;
            };
            case "gt" -> r -> {
                String s = r.cell(col);
                return !s.isEmpty() && Double.parseDouble(s) > x;
            };
            case "ge" -> r -> {
                String s = r.cell(col);
                return !s.isEmpty() && Double.parseDouble(s) >= x;
            };
            default -> null;
        };
    }

    private static Filter timeTest(String op, int col, long t) {
        return switch (op) {
            case "lt" -> r -> before(r.cell(col), t, false);
            case "le" -> r -> before(r.cell(col), t, true);
            case "gt" -> r -> after(r.cell(col), t, false);
            case "ge" -> r -> after(r.cell(col), t, true);
            default -> null;
        };
    }

    private static boolean before(String cell, long t, boolean orEqual) {
        if (cell.isEmpty()) {
            return false;
        }
        long v = IsoTime.parse(cell);
        return orEqual ? v <= t : v < t;
    }

    private static boolean after(String cell, long t, boolean orEqual) {
        if (cell.isEmpty()) {
            return false;
        }
        long v = IsoTime.parse(cell);
        return orEqual ? v >= t : v > t;
    }

    private static Filter textTest(String op, int col, String s) {
        return switch (op) {
            case "lt" -> r -> {
                String c = r.cell(col);
                return !c.isEmpty() && c.compareTo(s) < 0;
            };
            case "le" -> r -> {
                String c = r.cell(col);
                return !c.isEmpty() && c.compareTo(s) <= 0;
            };
            case "gt" -> r -> {
                String c = r.cell(col);
                return !c.isEmpty() && c.compareTo(s) > 0;
            };
            case "ge" -> r -> {
                String c = r.cell(col);
                return !c.isEmpty() && c.compareTo(s) >= 0;
            };
            default -> null;
        };
    }

    /**
     * {@code ge(p, date, offset, rounding)} and {@code le(…)}: Elasticsearch's date math. The date
     * ({@code now} or ISO-8601) moved by the offset ({@code -1M}, {@code +2d}, {@code -1y+6M}; units
     * {@code y M w d h m s}), then rounded to the unit given last: down to its start for {@code ge},
     * up to its end for {@code le}. So {@code ge(timestamp,now,-1M,M)} is "since the start of last
     * month". Either part may be left empty ({@code le(p,v,,d)}, as uSmart's README writes it).
     */
    private Filter dateMath(Call c, int col, Value v) {
        Node anchor = c.args().get(1);
        long t;
        if (v.text.equals("now")) {
            t = now;
        } else {
            t = IsoTime.parse(v.text);
            if (t == IsoTime.INVALID) {
                throw error("date math starts from now or an ISO-8601 date, not '" + v.text + "'", anchor);
            }
        }
        Node offsetNode = c.args().get(2);
        Node roundNode = null;
        for (int k = 3; k < c.args().size(); k++) {
            Node n = c.args().get(k);
            if (!(n instanceof Empty)) {
                if (roundNode != null) {
                    throw error("date math takes one rounding unit, after the offset", n);
                }
                roundNode = n;
            }
        }
        if (!(offsetNode instanceof Empty)) {
            t = applyOffset(t, offsetNode);
        }
        if (roundNode != null) {
            CalendarUnit unit = roundNode instanceof Word w && w.text().length() == 1 ? CalendarUnit.ofLetter(w.text().charAt(0)) : null;
            if (unit == null) {
                throw error("the rounding of date math is one unit letter: y, M, w, d, h, m or s", roundNode);
            }
            t = c.name().equals("ge") ? unit.floor(t) : unit.add(unit.floor(t), 1) - 1;
        }
        if (col < 0) {
            return UrqlQuery.NONE;
        }
        if (schema.type(col) != Schema.Type.TIMESTAMP) {
            throw error("date math needs a timestamp column; " + schema.name(col) + " holds " + schema.type(col).name, c);
        }
        long bound = t;
        return c.name().equals("ge") ? r -> after(r.cell(col), bound, true) : r -> before(r.cell(col), bound, true);
    }

    private long applyOffset(long t, Node offsetNode) {
        if (!(offsetNode instanceof Word w)) {
            throw error("the offset of date math is like -1M or +2d", offsetNode);
        }
        String s = w.text();
        int i = 0;
        boolean first = true;
        while (i < s.length()) {
            int sign = 1;
            char c = s.charAt(i);
            if (c == '+' || c == '-') {
                sign = c == '-' ? -1 : 1;
                i++;
            } else if (!first) {
                throw error("each step of a date-math offset starts with + or -, as in -1M+2d", offsetNode);
            }
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            CalendarUnit unit = i > start && i < s.length() ? CalendarUnit.ofLetter(s.charAt(i)) : null;
            if (unit == null || i - start > 9) {
                throw error("the offset of date math is a number and a unit letter (y, M, w, d, h, m or s), as in -1M or +2d", offsetNode);
            }
            long n = Long.parseLong(s.substring(start, i));
            i++;
            try {
                t = unit.add(t, sign * n);
            } catch (ArithmeticException e) {
                throw error("the date-math offset goes beyond the calendar", offsetNode);
            }
            first = false;
        }
        return t;
    }

    private Filter in(Call c) {
        arity(c, 2, 2, "(property, (value, value, …))");
        int col = column(c.args().get(0), c);
        Node list = c.args().get(1);
        List<Node> values = list instanceof Items it && it.kind() == Kind.ARRAY ? it.items() : List.of(list);
        List<Filter> any = new ArrayList<>();
        for (Node v : values) {
            any.add(comparison(new Call("eq", List.of(c.args().get(0), v), v.start(), v.end())));
        }
        return col < 0 || any.isEmpty() ? UrqlQuery.NONE : or(any);
    }

    private Filter exists(Call c) {
        arity(c, 1, 1, "(property)");
        int col = column(c.args().get(0), c);
        return col < 0 ? UrqlQuery.NONE : r -> !r.cell(col).isEmpty();
    }

    private Filter regex(Call c) {
        arity(c, 2, 2, "(property, regular expression)");
        int col = column(c.args().get(0), c);
        Pattern p;
        try {
            p = Pattern.compile(wordText(c.args().get(1), c));
        } catch (PatternSyntaxException e) {
            throw error("not a valid regular expression: " + e.getDescription(), c.args().get(1));
        }
        // anchored, as a search engine's regexp query on a whole value
        return col < 0 ? UrqlQuery.NONE : r -> {
            String s = r.cell(col);
            return !s.isEmpty() && p.matcher(s).matches();
        };
    }

    private Filter match(Call c) {
        arity(c, 2, 2, "(property, words separated by spaces)");
        int col = column(c.args().get(0), c);
        Set<String> words = new LinkedHashSet<>(UrqlText.words(wordText(c.args().get(1), c)));
        if (words.isEmpty()) {
            throw error("match needs at least one word to look for", c.args().get(1));
        }
        UrqlQuery.Match m = new UrqlQuery.Match(col, Set.copyOf(words));
        ranking.add(m);
        return col < 0 ? UrqlQuery.NONE : r -> m.score(r) > 0;
    }

    private Filter matchPhrase(Call c) {
        arity(c, 2, 3, "(property, words of the phrase[, slop])");
        int col = column(c.args().get(0), c);
        List<String> words = UrqlText.words(wordText(c.args().get(1), c));
        if (words.isEmpty()) {
            throw error("matchphrase needs the words of a phrase", c.args().get(1));
        }
        int slop = 0;
        if (c.args().size() == 3) {
            slop = (int) wholeNumber(c.args().get(2), c, 0, 1000, "the slop of matchphrase");
        }
        int s = slop;
        return col < 0 ? UrqlQuery.NONE : r -> UrqlText.phrase(r.cell(col), words, s);
    }

    private String wordText(Node n, Call c) {
        if (!(n instanceof Word w)) {
            throw error(c.name() + " takes text here, not " + (n instanceof Empty ? "nothing" : text(n)), n instanceof Empty ? c : n);
        }
        return w.text();
    }

    private long wholeNumber(Node n, Call c, long min, long max, String what) {
        String s = n instanceof Word w ? w.text() : "";
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(what + " must be a whole number, not '" + (n instanceof Empty ? "" : text(n)) + "'", n instanceof Empty ? c : n);
        }
        if (v < min || v > max) {
            throw error(what + " must be between " + min + " and " + max + ", not " + v, n);
        }
        return v;
    }

    // ---- values

    /** A value as written, typed by its look; compared with a column it takes the column's type. */
    private record Value(Looks kind, String text) { }

    private enum Looks { TEXT, NUMBER, BOOLEAN, NULL }

    private Value value(Node n, Call c) {
        if (n instanceof Empty) {
            throw error(c.name() + " needs a value", c);
        }
        if (!(n instanceof Word w)) {
            throw error("expected a value, not " + text(n), n);
        }
        String raw = w.raw();
        String text = w.text();
        if (raw.startsWith("string:")) {
            return new Value(Looks.TEXT, text.substring("string:".length()));
        }
        if (raw.startsWith("number:")) {
            String s = text.substring("number:".length());
            if (!looksNumeric(s)) {
                throw error("'" + s + "' is not a number", n);
            }
            return new Value(Looks.NUMBER, s);
        }
        if (raw.startsWith("boolean:")) {
            String s = text.substring("boolean:".length());
            if (!s.equals("true") && !s.equals("false")) {
                throw error("'" + s + "' is not true or false", n);
            }
            return new Value(Looks.BOOLEAN, s);
        }
        return switch (text) {
            case "true", "false" -> new Value(Looks.BOOLEAN, text);
            case "null", "undefined" -> new Value(Looks.NULL, text);
            default -> new Value(looksNumeric(text) ? Looks.NUMBER : Looks.TEXT, text);
        };
    }

    private static boolean looksNumeric(String s) {
        return Schema.isJsonNumber(s) || (s.startsWith("+") && Schema.isJsonNumber(s.substring(1)));
    }

    private double number(Value v, int col, Node at) {
        if (v.kind == Looks.BOOLEAN || !looksNumeric(v.text)) {
            throw error("'" + v.text + "' is not a number, but column " + schema.name(col) + " holds numbers", at);
        }
        return Double.parseDouble(v.text);
    }

    /** A timestamp value: ISO-8601, {@code now}, or a whole number of milliseconds since 1970 (as Elasticsearch takes). */
    private long millis(Value v, int col, Node at) {
        if (v.text.equals("now")) {
            return now;
        }
        long t = IsoTime.parse(v.text);
        if (t != IsoTime.INVALID) {
            return t;
        }
        if (v.kind == Looks.NUMBER && v.text.matches("-?\\d{1,18}")) {
            return Long.parseLong(v.text);
        }
        throw error("'" + v.text + "' is not an ISO-8601 date (such as 2026-01-05 or 2026-01-05T09:00:00Z), but column "
                + schema.name(col) + " holds timestamps", at);
    }

    // ---- directives

    private void directive(Call c) {
        switch (c.name()) {
            case "limit" -> {
                limitTerm = once(limitTerm, c);
                arity(c, 1, 2, "(number of rows[, offset]); limit(-1) for every row");
                long n = wholeNumber(c.args().get(0), c, -1, Long.MAX_VALUE / 2, "the number of rows of limit");
                if (n == 0) {
                    throw error("limit(0) asks for no rows; give a positive number of rows, or -1 for every row", c);
                }
                long off = c.args().size() == 2 ? wholeNumber(c.args().get(1), c, 0, Long.MAX_VALUE / 2, "the offset of limit") : 0;
                if (n != -1 && off + n > UrqlQuery.PAGING_CAP) {
                    throw error("paging stops at 10,000 rows (offset " + off + " + limit " + n + "); use limit(-1) to stream every row", c);
                }
                limit = n;
                offset = off;
            }
            case "sort" -> {
                sortTerm = once(sortTerm, c);
                if (c.args().isEmpty()) {
                    throw error("sort needs at least one property, as sort(+a,-b)", c);
                }
                List<UrqlQuery.SortKey> keys = new ArrayList<>();
                for (Node a : c.args()) {
                    String s = wordText(a, c);
                    boolean desc = s.startsWith("-");
                    String name = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
                    int col = schema.indexOf(name);
                    if (col < 0) {
                        throw error("no column '" + name + "' to sort on; the columns are " + schema.names(), a);
                    }
                    keys.add(new UrqlQuery.SortKey(col, schema.type(col), desc));
                }
                ordering = new UrqlQuery.Ordering(List.copyOf(keys));
            }
            case "select" -> {
                selectTerm = once(selectTerm, c);
                if (c.args().isEmpty()) {
                    throw error("select needs at least one property", c);
                }
                selected = new boolean[schema.size()];
                for (Node a : c.args()) {
                    int col = schema.indexOf(wordText(a, c));
                    if (col >= 0 && col < schema.size()) {
                        selected[col] = true; // an unknown property selects nothing; usmart_id is always there
                    }
                }
            }
            case "format" -> {
                formatTerm = once(formatTerm, c);
                arity(c, 1, 1, "(json) or (csv)");
                String f = wordText(c.args().get(0), c);
                if (!f.equals("csv") && !f.equals("json")) {
                    throw error("format(" + f + ") is not supported; use format(csv) or format(json) (the default)", c);
                }
                csv = f.equals("csv");
            }
            default -> throw new IllegalStateException(c.name());
        }
    }

    private Call once(Call before, Call now) {
        if (before != null) {
            throw error(now.name() + " is given twice (first at position " + (before.start() + 1) + "); give it once", now);
        }
        return now;
    }

    // ---- aggregations

    private void aggregation(Call c) {
        if (c.name().equals("aggregate") || c.name().equals("date_histogram")) {
            if (aggregationTerm != null || !metrics.isEmpty()) {
                throw error("one aggregate(…) or date_histogram(…) per query, without other aggregations beside it;"
                        + " put several operations inside it", c);
            }
            aggregationTerm = c;
            aggregation = c.name().equals("aggregate") ? aggregate(c) : UrqlAggregation.histogram(histogram(c));
            return;
        }
        if (aggregationTerm != null) {
            throw error("put " + c.name() + "(…) inside the " + aggregationTerm.name() + "(…) term", c);
        }
        metrics.add(metric(c));
    }

    private UrqlAggregation.Metric metric(Call c) {
        UrqlAggregation.Op op = UrqlAggregation.Op.of(c.name());
        if (op == null || op == UrqlAggregation.Op.SERIAL_DIFF) {
            throw error("'" + c.name() + "' is not an aggregation operation; use value_count, sum, avg, min, max or stats", c);
        }
        arity(c, 1, 1, "(property)");
        int col = column(c.args().get(0), c);
        String name = propertyName(c.args().get(0));
        Schema.Type type = col < 0 ? Schema.Type.NUMBER : schema.type(col);
        boolean ok = switch (op) {
            case VALUE_COUNT -> true;
            case MIN, MAX -> type != Schema.Type.TEXT;
            default -> type == Schema.Type.NUMBER;
        };
        if (!ok) {
            throw error(op.name + " needs a " + (op == UrqlAggregation.Op.MIN || op == UrqlAggregation.Op.MAX ? "number or timestamp" : "number")
                    + " column; " + name + " holds " + type.name, c);
        }
        return new UrqlAggregation.Metric(op, col, type, op.name + "(" + name + ")", 0);
    }

    /** The operations of aggregate or date_histogram: calls, or a bracketed list of them. */
    private List<UrqlAggregation.Metric> operations(List<Node> nodes, Call owner, boolean histogram) {
        List<UrqlAggregation.Metric> ops = new ArrayList<>();
        for (Node n : nodes) {
            List<Node> calls = n instanceof Items it ? it.items() : List.of(n);
            for (Node x : calls) {
                if (!(x instanceof Call c)) {
                    throw error("expected an operation such as avg(property) in " + owner.name() + ", not " + text(x), x instanceof Empty ? owner : x);
                }
                if (c.name().equals("serial_diff")) {
                    if (!histogram) {
                        throw error("serial_diff works inside date_histogram(…), after the operation it differences", c);
                    }
                    arity(c, 0, 1, "([lag])");
                    int lag = c.args().isEmpty() || c.args().get(0) instanceof Empty ? 1 : (int) wholeNumber(c.args().get(0), c, 1, 10_000, "the lag of serial_diff");
                    UrqlAggregation.Metric before = ops.isEmpty() ? null : ops.get(ops.size() - 1);
                    if (before == null || before.op() == UrqlAggregation.Op.STATS || before.op() == UrqlAggregation.Op.SERIAL_DIFF) {
                        throw error("serial_diff follows the single-valued operation it differences, as in sum(p),serial_diff(1)", c);
                    }
                    ops.add(new UrqlAggregation.Metric(UrqlAggregation.Op.SERIAL_DIFF, -1, null, "serial_diff(" + lag + ")", lag));
                } else {
                    ops.add(metric(c));
                }
            }
        }
        return ops;
    }

    private UrqlAggregation aggregate(Call c) {
        List<Node> args = new ArrayList<>(c.args());
        int groupLimit = UrqlAggregation.DEFAULT_GROUP_LIMIT;
        if (!args.isEmpty() && args.get(args.size() - 1) instanceof Word w && looksNumeric(w.text())) {
            groupLimit = (int) wholeNumber(w, c, 1, Integer.MAX_VALUE, "the limit of aggregate");
            args.remove(args.size() - 1);
        }
        List<UrqlAggregation.Group> groups = new ArrayList<>();
        List<Node> opNodes = new ArrayList<>();
        UrqlAggregation.Histogram histogram = null;
        for (Node n : args) {
            if (n instanceof Word w && opNodes.isEmpty() && histogram == null) {
                int col = schema.indexOf(w.text());
                groups.add(new UrqlAggregation.Group(col, col < 0 ? Schema.Type.TEXT : schema.type(col)));
            } else if (n instanceof Call h && h.name().equals("date_histogram")) {
                if (histogram != null || !opNodes.isEmpty()) {
                    throw error("date_histogram goes last in aggregate, after the groups, holding the operations", h);
                }
                histogram = histogram(h);
            } else if (n instanceof Call || n instanceof Items) {
                if (histogram != null) {
                    throw error("with date_histogram, put the operations inside it", n);
                }
                opNodes.add(n);
            } else {
                throw error("aggregate takes the properties to group by, then the operations, then an optional limit;"
                        + " not " + (n instanceof Empty ? "an empty argument" : text(n)) + " here", n instanceof Empty ? c : n);
            }
        }
        if (groups.isEmpty()) {
            throw error("aggregate needs at least one property to group by, as aggregate(site,avg(no2))", c);
        }
        List<UrqlAggregation.Metric> ops = histogram != null ? histogram.ops() : operations(opNodes, c, false);
        if (ops.isEmpty()) {
            throw error("aggregate needs an operation after the groups: value_count, sum, avg, min, max or stats", c);
        }
        return UrqlAggregation.aggregate(groups, histogram, ops, groupLimit);
    }

    private UrqlAggregation.Histogram histogram(Call c) {
        if (c.args().size() < 3) {
            throw error("date_histogram takes (timestamp property, interval, operation…)", c);
        }
        int col = column(c.args().get(0), c);
        if (col >= 0 && schema.type(col) != Schema.Type.TIMESTAMP) {
            throw error("date_histogram needs a timestamp column; " + schema.name(col) + " holds " + schema.type(col).name, c);
        }
        Node intervalNode = c.args().get(1);
        CalendarUnit unit = intervalNode instanceof Word w ? CalendarUnit.ofInterval(w.text()) : null;
        if (unit == null) {
            throw error("the interval of date_histogram is minute, hour, day, week, month or year", intervalNode instanceof Empty ? c : intervalNode);
        }
        List<UrqlAggregation.Metric> ops = operations(c.args().subList(2, c.args().size()), c, true);
        if (ops.isEmpty()) {
            throw error("date_histogram needs an operation such as value_count(property)", c);
        }
        return new UrqlAggregation.Histogram(col, unit, ops);
    }
}

package io.github.usmartkit.read;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The pieces of a URQL query, written correctly for the read API: filters, sort keys,
 * aggregation operations and groups. Meant to be statically imported (the kit's JShell start-up
 * does):
 * <pre>{@code
 * import static io.github.usmartkit.read.Urql.*;
 * read(rc).where(gt("no2", 40), eq("site", "North Park")).sort(desc("no2")).select("timestamp", "site", "no2").limit(500).table()
 * read(rc).aggregate(by("site"), avg("no2"), max("pm10")).table()
 * read(rc).histogram("timestamp", DAY, avg("no2")).table()
 * }</pre>
 * Values are written by their Java type: numbers as numbers, {@code true}/{@code false},
 * {@code null}, dates and times as ISO-8601 in UTC ({@link Instant}, {@link OffsetDateTime},
 * {@link ZonedDateTime}; a {@link LocalDateTime} is taken as UTC, as the read API does; a
 * {@link LocalDate} as that day), text as text — prefixed {@code string:} when the service would
 * otherwise read it as a number, boolean, null or date ({@code "414"}, {@code "true"}). Column
 * names and text are percent-encoded (UTF-8) except for {@code A-Z a-z 0-9 - . _ ~}, so commas,
 * parentheses, spaces, {@code +}, {@code &}, {@code |}, {@code =} and non-ASCII letters reach the
 * service as the plain characters they are. Logic is written as {@code and(…)} and {@code or(…)},
 * never with {@code |} (which Java's HTTP stack refuses raw).
 * <p>Every factory checks its arguments and throws a
 * {@link BadRequestException} (action {@code urql}) naming what is wrong, before any call.
 */
public final class Urql {

    /** Minute buckets, for {@link RowQuery#histogram}. */
    public static final Interval MINUTE = Interval.MINUTE;
    /** Hour buckets. */
    public static final Interval HOUR = Interval.HOUR;
    /** Day buckets (UTC). */
    public static final Interval DAY = Interval.DAY;
    /** Week buckets (from Monday, UTC). */
    public static final Interval WEEK = Interval.WEEK;
    /** Calendar-month buckets (UTC). */
    public static final Interval MONTH = Interval.MONTH;
    /** Calendar-year buckets (UTC). */
    public static final Interval YEAR = Interval.YEAR;

    private static final Pattern DATE_MATH_OFFSET = Pattern.compile("([+-][0-9]+[yMwdhms])+");
    private static final Pattern ISO_TEXT = Pattern.compile("now|[0-9][0-9T:.Z+-]*");
    private static final Pattern DATE_MATH_UNIT = Pattern.compile("[yMwdhms]");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Urql() {
    }

    // ---- comparisons

    /** {@code column} equals {@code value} ({@code eq(p,v)}); {@code eq(column, null)} keeps rows without a value. */
    public static Filter eq(String column, Object value) {
        return compare("eq", column, value);
    }

    /** {@code column} differs from {@code value} ({@code ne(p,v)}); rows without a value are kept too. */
    public static Filter ne(String column, Object value) {
        return compare("ne", column, value);
    }

    /** {@code column} is less than {@code value} ({@code lt(p,v)}). */
    public static Filter lt(String column, Object value) {
        return compare("lt", column, value);
    }

    /** {@code column} is at most {@code value} ({@code le(p,v)}). */
    public static Filter le(String column, Object value) {
        return compare("le", column, value);
    }

    /** {@code column} is greater than {@code value} ({@code gt(p,v)}). */
    public static Filter gt(String column, Object value) {
        return compare("gt", column, value);
    }

    /** {@code column} is at least {@code value} ({@code ge(p,v)}). */
    public static Filter ge(String column, Object value) {
        return compare("ge", column, value);
    }

    /**
     * A timestamp {@code column} at least {@code date} moved by {@code offset} and rounded down to
     * {@code rounding} (URQL's date math, {@code ge(p,v,offset,rounding)}):
     * {@code ge("timestamp", "now", "-1M", "M")} is "since the start of last month".
     *
     * @param date     {@code "now"} or a date/time ({@link Instant}, {@link LocalDate}, ISO text…)
     * @param offset   steps such as {@code -1M}, {@code +2d}, {@code -1d+2h} (units y M w d h m s), or empty
     * @param rounding one unit (y M w d h m s), or empty
     */
    public static Filter ge(String column, Object date, String offset, String rounding) {
        return dateMath("ge", column, date, offset, rounding);
    }

    /** {@link #ge(String, Object, String, String)}'s counterpart: at most the moved date, rounded up to the end of its unit. */
    public static Filter le(String column, Object date, String offset, String rounding) {
        return dateMath("le", column, date, offset, rounding);
    }

    /** {@code column} holds one of {@code values} ({@code in(p,(a,b))}). */
    public static Filter in(String column, Object... values) {
        if (values == null || values.length == 0) {
            throw bad("in(" + column + ") was given no values", "Give the values to keep, as in(\"site\", \"North Park\", \"Harbour Road\")");
        }
        if (values.length == 1 && values[0] instanceof Collection<?> c) {
            return in(column, c);
        }
        return in(column, List.of(nonNullArray(values)));
    }

    /** {@code column} holds one of {@code values} ({@code in(p,(a,b))}). */
    public static Filter in(String column, Collection<?> values) {
        String name = columnName(column, "in");
        if (values == null || values.isEmpty()) {
            throw bad("in(" + name + ") was given no values", "Give the values to keep, as in(\"site\", List.of(\"North Park\"))");
        }
        List<String> written = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (Object v : values) {
            written.add(value(v));
            shown.add(v == NULL ? "null" : shown(v));
        }
        return new Filter("in(" + encode(name) + ",(" + String.join(",", written) + "))", name + " in (" + String.join(", ", shown) + ")");
    }

    private static Object[] nonNullArray(Object[] values) {
        // List.of refuses nulls; a null in in(..) means "no value", which URQL writes as null
        Object[] copy = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i] == null ? NULL : values[i];
        }
        return copy;
    }

    /** Stands for a null inside in(..), where List.of takes no nulls. */
    private static final Object NULL = new Object();

    /** {@code column} has a value (not null, not an empty list): {@code exists(p)}. */
    public static Filter exists(String column) {
        return new Filter("exists(" + encode(columnName(column, "exists")) + ")", column + " has a value");
    }

    // ---- logic

    /** Every one of {@code filters}: {@code and(a,b,…)}. */
    public static Filter and(Filter... filters) {
        return logic("and", filters);
    }

    /** Any of {@code filters}: {@code or(a,b,…)} (never {@code |}). */
    public static Filter or(Filter... filters) {
        return logic("or", filters);
    }

    private static Filter logic(String op, Filter[] filters) {
        if (filters == null || filters.length == 0) {
            throw bad(op + "() was given no filters", "Give the filters to combine, as " + op + "(eq(\"site\", \"A\"), gt(\"no2\", 40))");
        }
        for (int i = 0; i < filters.length; i++) {
            if (filters[i] == null) {
                throw bad("filter " + (i + 1) + " of " + op + "(..) is null", "Give filters made with eq, gt, in, … of Urql");
            }
        }
        if (filters.length == 1) {
            return filters[0];
        }
        StringBuilder sb = new StringBuilder(op).append('(');
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < filters.length; i++) {
            sb.append(i == 0 ? "" : ",").append(filters[i].urql());
            labels.add(filters[i].label());
        }
        return new Filter(sb.append(')').toString(), "(" + String.join(" " + op + " ", labels) + ")");
    }

    // ---- text

    /** Rows whose {@code column} holds any of the space-separated {@code words}, best matches first: {@code match(p,words)}. */
    public static Filter match(String column, String words) {
        return new Filter("match(" + encode(columnName(column, "match")) + "," + encode(words(words, "match")) + ")",
                column + " matches " + words.strip());
    }

    /** Rows whose {@code column} holds the {@code words} in this order, next to each other: {@code matchphrase(p,words)}. */
    public static Filter matchphrase(String column, String words) {
        return new Filter("matchphrase(" + encode(columnName(column, "matchphrase")) + "," + encode(words(words, "matchphrase")) + ")",
                column + " has \"" + words.strip() + "\"");
    }

    /** {@link #matchphrase(String, String)} allowing up to {@code slop} other words between them. */
    public static Filter matchphrase(String column, String words, int slop) {
        if (slop < 0) {
            throw bad("a slop of " + slop + " is negative", "Give how many other words may stand between the phrase's words (0 or more)");
        }
        return new Filter("matchphrase(" + encode(columnName(column, "matchphrase")) + "," + encode(words(words, "matchphrase"))
                + "," + slop + ")", column + " has \"" + words.strip() + "\" (" + slop + " apart)");
    }

    /** Rows whose {@code column}, as a whole, matches the regular expression {@code pattern}: {@code re(p,pattern)}. */
    public static Filter re(String column, String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw bad("re(" + column + ") was given no pattern", "Give a regular expression, as re(\"site\", \"North.*\")");
        }
        return new Filter("re(" + encode(columnName(column, "re")) + "," + encode(pattern) + ")", column + " ~ " + pattern);
    }

    private static String words(String words, String op) {
        if (words == null || words.isBlank()) {
            throw bad(op + "() was given no words", "Give the words to look for, separated by spaces");
        }
        return words.strip();
    }

    // ---- sort

    /** Ascending by {@code column} (smallest first; rows without a value last). */
    public static Sort asc(String column) {
        return new Sort(column, false);
    }

    /** Descending by {@code column} (largest first; rows without a value last). */
    public static Sort desc(String column) {
        return new Sort(column, true);
    }

    // ---- aggregations

    /** The number of non-empty cells of {@code column}: {@code value_count(p)}. */
    public static Metric count(String column) {
        return new Metric(Metric.Op.VALUE_COUNT, column);
    }

    /** The sum of a number column: {@code sum(p)}. */
    public static Metric sum(String column) {
        return new Metric(Metric.Op.SUM, column);
    }

    /** The mean of a number column: {@code avg(p)}. */
    public static Metric avg(String column) {
        return new Metric(Metric.Op.AVG, column);
    }

    /** The least value of a number or timestamp column: {@code min(p)}. */
    public static Metric min(String column) {
        return new Metric(Metric.Op.MIN, column);
    }

    /** The greatest value of a number or timestamp column: {@code max(p)}. */
    public static Metric max(String column) {
        return new Metric(Metric.Op.MAX, column);
    }

    /** value_count, sum, avg, min and max of a number column at once: {@code stats(p)}. */
    public static Metric stats(String column) {
        return new Metric(Metric.Op.STATS, column);
    }

    /** Groups by {@code columns}, outermost first, for {@link RowQuery#aggregate(Group, Metric...)}. */
    public static Group by(String... columns) {
        if (columns == null || columns.length == 0) {
            throw bad("by() was given no columns", "Name the columns to group by, as by(\"site\")");
        }
        for (String c : columns) {
            columnName(c, "by");
        }
        return new Group(List.of(columns.clone()), null, null, 0);
    }

    // ---- writing

    /**
     * A column name or text percent-encoded as URQL needs it (UTF-8; everything but
     * {@code A-Z a-z 0-9 - . _ ~}): {@code encode("Class Name")} is {@code Class%20Name}. For the
     * terms of {@link RowQuery#urql(String)}.
     */
    public static String encode(String text) {
        if (text == null) {
            throw bad("there is no text to encode (null)", "Give the column name or text");
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unreserved(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
            for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return sb == null ? text : sb.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /**
     * A value as URQL writes it, by its Java type (see the class comment): {@code 40},
     * {@code 2.5}, {@code true}, {@code null}, {@code 2026-01-05T09:00:00Z}, {@code North%20Park},
     * {@code string:414}. For the terms of {@link RowQuery#urql(String)}.
     *
     * @throws BadRequestException for a value URQL cannot hold (NaN, infinity, an object of another type)
     */
    public static String value(Object v) {
        if (v == null || v == NULL) {
            return "null";
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger
                || v instanceof java.util.concurrent.atomic.AtomicInteger || v instanceof java.util.concurrent.atomic.AtomicLong) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw bad("the number " + v + " cannot be written in a query", "Give a finite number, or use exists(..) / eq(column, null) for missing values");
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Number n) {
            return value(n.doubleValue());
        }
        if (v instanceof Instant t) {
            return t.toString();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof ZonedDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC).toString();
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?> || v instanceof UUID) {
            String s = v.toString();
            return (needsStringPrefix(s) ? "string:" : "") + encode(s);
        }
        throw bad("a " + v.getClass().getSimpleName() + " cannot be a query value", "Give text, a number, a boolean, null, or a date/time"
                + " (Instant, LocalDate, LocalDateTime, OffsetDateTime)");
    }

    /** Text the service would read as something else: a number, true/false/null/undefined, a date, or nothing. */
    private static boolean needsStringPrefix(String s) {
        if (s.isEmpty()) {
            return true;
        }
        char c = s.charAt(0);
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            return true;
        }
        String l = s.toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("false") || l.equals("null") || l.equals("undefined") || l.equals("infinity") || l.equals("nan");
    }

    private static Filter compare(String op, String column, Object value) {
        if (value instanceof Collection<?> || (value != null && value.getClass().isArray())) {
            throw bad(op + "(" + column + ", …) was given a list", "Use in(\"" + column + "\", values) to keep rows holding any of several values");
        }
        return new Filter(op + "(" + encode(columnName(column, op)) + "," + value(value) + ")",
                column + " " + SYMBOLS.get(op) + " " + shown(value));
    }

    private static final java.util.Map<String, String> SYMBOLS = java.util.Map.of("eq", "=", "ne", "!=", "lt", "<", "le", "<=",
            "gt", ">", "ge", ">=");

    /** A value as people read it (ISO-8601 for dates and times, as the query writes them). */
    private static String shown(Object v) {
        if (v instanceof OffsetDateTime || v instanceof ZonedDateTime || v instanceof LocalDateTime || v instanceof Instant) {
            return value(v);
        }
        return String.valueOf(v);
    }

    private static Filter dateMath(String op, String column, Object date, String offset, String rounding) {
        String name = columnName(column, op);
        // ISO text goes as written (the service takes dates with their colons unencoded); other text encoded
        String d = date instanceof CharSequence s && ISO_TEXT.matcher(s).matches() ? s.toString()
                : date instanceof CharSequence s ? encode(s.toString()) : value(date);
        String off = offset == null ? "" : offset.strip();
        String round = rounding == null ? "" : rounding.strip();
        if (!off.isEmpty() && !DATE_MATH_OFFSET.matcher(off).matches()) {
            throw bad("the date offset '" + off + "' is not date math", "Give steps such as -1M, +2d or -1d+2h (units y M w d h m s), or \"\"");
        }
        if (!round.isEmpty() && !DATE_MATH_UNIT.matcher(round).matches()) {
            throw bad("the rounding '" + round + "' is not a unit", "Give one of y M w d h m s, or \"\"");
        }
        return new Filter(op + "(" + encode(name) + "," + d + "," + encode(off) + "," + round + ")",
                name + " " + SYMBOLS.get(op) + " " + shown(date) + off + (round.isEmpty() ? "" : " (to the " + round + ")"));
    }

    /** A checked column name (stripped of nothing: names are sent as given). */
    static String columnName(String column, String op) {
        if (column == null || column.isBlank()) {
            throw bad("the column name given to " + op + " is " + (column == null ? "null" : "empty"), "Name a column of the rows");
        }
        return column;
    }

    static BadRequestException bad(String what, String whatToDo) {
        return new BadRequestException(Failure.of("urql", null, what, whatToDo));
    }
}

package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.UrqlFixture.urql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.sandbox.UrqlFixture.Reading;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The six aggregations, aggregate(…) and date_histogram(…), each answer a one-element array, the
 * expected values computed from the test's own readings with plain streams and java.time.
 */
class UrqlAggregationTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final DateTimeFormatter BUCKET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(10)));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    static List<Reading> all;
    static String rc;

    @BeforeAll
    static void start() {
        all = UrqlFixture.readings(400);
        rc = UrqlFixture.publish(sb(), "aggregations.csv", UrqlFixture.csv(all));
    }

    /** The one object of an aggregation's answer. */
    static JsonNode only(String query) {
        JsonNode answer = urql(sb(), rc, query);
        assertTrue(answer.isArray(), query + " -> " + answer);
        assertEquals(1, answer.size(), "an aggregation answers a one-element array: " + answer);
        return answer.get(0);
    }

    /** Equal as JSON, keys in the same order, numbers to 1e-9 (the sums are added in another order). */
    static void assertClose(JsonNode want, JsonNode got, String where) {
        if (want.isNumber() && got.isNumber()) {
            double w = want.asDouble();
            assertEquals(w, got.asDouble(), 1e-9 * Math.max(1, Math.abs(w)), where);
            return;
        }
        if (want.isObject()) {
            assertTrue(got.isObject(), where + ": " + got);
            assertEquals(ReadApiTest.keys(want), ReadApiTest.keys(got), where + ": the keys, in order");
            for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                assertClose(want.get(k), got.get(k), where + "/" + k);
            }
            return;
        }
        assertEquals(want, got, where);
    }

    static List<Double> no2s(Predicate<Reading> keep) {
        return all.stream().filter(keep).map(Reading::no2).filter(Objects::nonNull).toList();
    }

    /** value_count, sum, avg, min, max as the answer gives them for a list of numbers. */
    static ObjectNode stats(List<Double> values) {
        DoubleSummaryStatistics s = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        ObjectNode o = F.objectNode();
        o.put("value_count", s.getCount());
        o.put("sum", s.getSum());
        o.set("avg", s.getCount() == 0 ? F.nullNode() : F.numberNode(s.getAverage()));
        o.set("min", s.getCount() == 0 ? F.nullNode() : F.numberNode(s.getMin()));
        o.set("max", s.getCount() == 0 ? F.nullNode() : F.numberNode(s.getMax()));
        return o;
    }

    @Test
    void metrics_eachKeyedAsWritten() {
        ObjectNode s = stats(no2s(x -> true));
        List<Double> counts = all.stream().map(x -> (double) x.count()).toList();
        ObjectNode want = F.objectNode();
        want.set("value_count(no2)", s.get("value_count"));
        want.set("sum(no2)", s.get("sum"));
        want.set("avg(no2)", s.get("avg"));
        want.set("min(no2)", s.get("min"));
        want.set("max(no2)", s.get("max"));
        want.set("stats(count)", stats(counts));
        assertClose(want, only("value_count(no2)&sum(no2)&avg(no2)&min(no2)&max(no2)&stats(count)"), "metrics");
    }

    @Test
    void metrics_overTheFilteredRows_limitIgnored() {
        List<Double> north = no2s(x -> x.site().equals("North Park"));
        ObjectNode want = F.objectNode().put("avg(no2)", north.stream().mapToDouble(d -> d).average().orElseThrow());
        assertClose(want, only("site=North%20Park&avg(no2)"), "filtered");
        assertClose(want, only("limit(10,0)&eq(site,North%20Park)&avg(no2)"), "as uSmart's README writes it, with a limit");
    }

    @Test
    void metrics_onTextTimestampsAndUnknownColumns() {
        ObjectNode want = F.objectNode();
        want.put("value_count(site)", all.size());
        want.put("value_count(note)", all.stream().filter(x -> !x.note().isEmpty()).count());
        want.put("value_count(colour)", 0);
        want.put("sum(colour)", 0.0);
        want.putNull("avg(colour)");
        Reading first = all.stream().filter(x -> x.timestamp() != null).min(Comparator.comparing(Reading::timestamp)).orElseThrow();
        Reading last = all.stream().filter(x -> x.timestamp() != null).max(Comparator.comparing(Reading::timestamp)).orElseThrow();
        want.put("min(timestamp)", written(first));
        want.put("max(timestamp)", written(last));
        assertClose(want, only("value_count(site)&value_count(note)&value_count(colour)&sum(colour)&avg(colour)&min(timestamp)&max(timestamp)"), "mixed");
    }

    static String written(Reading x) {
        return x.offsetWritten() ? x.timestamp().atOffset(ZoneOffset.ofHours(1)).toString() : x.timestamp().toString();
    }

    @Test
    void metrics_thatTheColumnCannotGive_areRefusedNamingTheTerm() {
        for (String q : new String[] {"avg(site)", "sum(timestamp)", "stats(tag)", "max(note)"}) {
            TestHttp.Resp r = UrqlFixture.get(sb(), rc, "limit(1)&" + q);
            assertEquals("ValidationError", r.error(400), q);
            assertEquals(q, r.json().get("error").get("term").asText());
            assertEquals(10, r.json().get("error").get("position").asInt());
        }
    }

    /** Groups of the readings by a key, as the answer orders them: most rows first, then by key. */
    static <K> LinkedHashMap<String, List<Reading>> groups(List<Reading> rows, Function<Reading, K> key) {
        Map<String, List<Reading>> m = rows.stream().filter(x -> key.apply(x) != null)
                .collect(Collectors.groupingBy(x -> String.valueOf(key.apply(x))));
        LinkedHashMap<String, List<Reading>> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Comparator.comparing((Map.Entry<String, List<Reading>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey)).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static long countNo2(List<Reading> rows) {
        return rows.stream().filter(x -> x.no2() != null).count();
    }

    @Test
    void aggregate_byOneGroup() {
        ObjectNode want = F.objectNode();
        groups(all, Reading::site).forEach((k, rows) -> want.put(k, countNo2(rows)));
        assertClose(want, only("aggregate(site,value_count(no2))"), "by site");
        assertTrue(want.size() == 4, want.toString());
    }

    @Test
    void aggregate_byTwoGroups_nests() {
        ObjectNode want = F.objectNode();
        groups(all, Reading::site).forEach((site, rows) -> {
            ObjectNode inner = want.putObject(site);
            groups(rows, Reading::ok).forEach((ok, rs) -> inner.set(ok, avg(rs)));
        });
        assertClose(want, only("aggregate(site,ok,avg(no2))"), "by site then ok");
    }

    static JsonNode avg(List<Reading> rows) {
        var mean = rows.stream().map(Reading::no2).filter(Objects::nonNull).mapToDouble(d -> d).average();
        return mean.isPresent() ? F.numberNode(mean.getAsDouble()) : F.nullNode();
    }

    @Test
    void aggregate_severalOperations_giveAnObjectLeaf_inEitherSpelling() {
        ObjectNode want = F.objectNode();
        groups(all, Reading::site).forEach((site, rows) -> {
            ObjectNode leaf = want.putObject(site);
            leaf.set("avg(no2)", avg(rows));
            leaf.put("max(count)", (double) rows.stream().mapToLong(Reading::count).max().orElseThrow());
        });
        assertClose(want, only("aggregate(site,(avg(no2),max(count)))"), "bracketed list");
        assertClose(want, only("aggregate(site,avg(no2),max(count))"), "one after another");
    }

    @Test
    void aggregate_limitKeepsTheBiggestGroups() {
        ObjectNode want = F.objectNode();
        groups(all, Reading::site).entrySet().stream().limit(2).forEach(e -> want.put(e.getKey(), countNo2(e.getValue())));
        assertClose(want, only("aggregate(site,value_count(no2),2)"), "top 2");
    }

    @Test
    void aggregate_byANumberColumn_keysTheNumbers() {
        ObjectNode want = F.objectNode();
        groups(all, Reading::count).forEach((k, rows) -> want.put(k, rows.size()));
        assertClose(want, only("aggregate(count,value_count(day))"), "by count");
    }

    @Test
    void aggregate_byAnUnknownColumn_hasNoGroups() {
        assertEquals(F.objectNode(), only("aggregate(colour,value_count(no2))"));
    }

    /** Bucket starts, as Elasticsearch's calendar intervals have them in UTC (weeks from Monday). */
    static Instant floor(Instant t, String interval) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (interval) {
            case "minute" -> z.truncatedTo(ChronoUnit.MINUTES).toInstant();
            case "hour" -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case "day" -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
            case "week" -> z.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
            case "month" -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
            case "year" -> z.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).toInstant();
            default -> throw new IllegalArgumentException(interval);
        };
    }

    static Instant next(Instant t, String interval) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (interval) {
            case "minute" -> z.plusMinutes(1).toInstant();
            case "hour" -> z.plusHours(1).toInstant();
            case "day" -> z.plusDays(1).toInstant();
            case "week" -> z.plusWeeks(1).toInstant();
            case "month" -> z.plusMonths(1).toInstant();
            case "year" -> z.plusYears(1).toInstant();
            default -> throw new IllegalArgumentException(interval);
        };
    }

    /** Every bucket from the first to the last, the empty ones between included, with its readings. */
    static LinkedHashMap<String, List<Reading>> buckets(List<Reading> rows, String interval) {
        TreeMap<Instant, List<Reading>> by = new TreeMap<>();
        rows.stream().filter(x -> x.timestamp() != null)
                .forEach(x -> by.computeIfAbsent(floor(x.timestamp(), interval), k -> new ArrayList<>()).add(x));
        LinkedHashMap<String, List<Reading>> out = new LinkedHashMap<>();
        if (by.isEmpty()) {
            return out;
        }
        for (Instant t = by.firstKey(); !t.isAfter(by.lastKey()); t = next(t, interval)) {
            out.put(BUCKET.format(t), by.getOrDefault(t, List.of()));
        }
        return out;
    }

    @Test
    void dateHistogram_everyInterval() {
        for (String interval : new String[] {"minute", "hour", "day", "week", "month", "year"}) {
            ObjectNode want = F.objectNode();
            buckets(all, interval).forEach((k, rows) -> want.put(k, countNo2(rows)));
            assertTrue(want.size() > 1 || interval.equals("year") && want.size() == 2, interval + ": " + want.size());
            assertClose(want, only("date_histogram(timestamp," + interval + ",value_count(no2))"), interval);
        }
        JsonNode shortForm = only("date_histogram(timestamp,1d,value_count(no2))");
        assertClose(only("date_histogram(timestamp,day,value_count(no2))"), shortForm, "1d is day");
    }

    @Test
    void dateHistogram_severalOperations_andSerialDiff() {
        ObjectNode want = F.objectNode();
        Double previous = null;
        for (Map.Entry<String, List<Reading>> e : buckets(all, "day").entrySet()) {
            ObjectNode leaf = want.putObject(e.getKey());
            double sum = e.getValue().stream().map(Reading::no2).filter(Objects::nonNull).mapToDouble(d -> d).sum();
            leaf.set("avg(no2)", avg(e.getValue()));
            leaf.put("sum(no2)", sum);
            leaf.set("serial_diff(1)", previous == null ? F.nullNode() : F.numberNode(sum - previous));
            previous = sum;
        }
        assertClose(want, only("date_histogram(timestamp,day,avg(no2),sum(no2),serial_diff(1))"), "serial_diff");
    }

    @Test
    void dateHistogram_insideAggregate_isTheLastLevel() {
        ObjectNode want = F.objectNode();
        groups(all, Reading::site).forEach((site, rows) -> {
            ObjectNode inner = want.putObject(site);
            buckets(rows, "week").forEach((k, rs) -> inner.put(k, countNo2(rs)));
        });
        assertClose(want, only("aggregate(site,date_histogram(timestamp,week,value_count(no2)))"), "site, then weeks");
    }

    @Test
    void dateHistogram_refusals() {
        for (String[] q : new String[][] {{"date_histogram(site,day,value_count(no2))", "date_histogram(site,day,value_count(no2))"},
            {"date_histogram(timestamp,fortnight,value_count(no2))", "fortnight"},
            {"date_histogram(timestamp,day)", "date_histogram(timestamp,day)"},
            {"date_histogram(timestamp,day,serial_diff(1))", "serial_diff(1)"},
            {"aggregate(site,serial_diff(1))", "serial_diff(1)"},
            {"format(csv)&avg(no2)", "format(csv)"},
            {"aggregate(site,avg(no2))&aggregate(ok,avg(no2))", "aggregate(ok,avg(no2))"},
            {"aggregate(avg(no2))", "aggregate(avg(no2))"}}) {
            TestHttp.Resp r = UrqlFixture.get(sb(), rc, q[0]);
            assertEquals("ValidationError", r.error(400), q[0]);
            assertEquals(q[1], r.json().get("error").get("term").asText(), q[0]);
        }
    }

    @Test
    void dateHistogram_ofTooManyBuckets_isRefused() {
        String two = "at,v\n2024-01-01T00:00:00Z,1\n2026-01-01T00:00:00Z,2\n";
        String wide = UrqlFixture.publish(sb(), "wide.csv", two);
        TestHttp.Resp r = UrqlFixture.get(sb(), wide, "date_histogram(at,minute,value_count(v))");
        assertEquals("ValidationError", r.error(400));
        assertEquals(2, urql(sb(), wide, "date_histogram(at,year,value_count(v))").get(0).size() - 1, "3 years, the middle one empty");
    }
}

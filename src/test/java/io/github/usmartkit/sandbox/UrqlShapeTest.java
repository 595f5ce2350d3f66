package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.UrqlFixture.assertRows;
import static io.github.usmartkit.sandbox.UrqlFixture.urql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.sandbox.UrqlFixture.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** sort, select, limit and format over the read API, checked against the test's own readings. */
class UrqlShapeTest {
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
        rc = UrqlFixture.publish(sb(), "shapes.csv", UrqlFixture.csv(all));
    }

    /** Rows in the comparator's order, empty values last whichever the direction, ties in published order. */
    static List<Integer> sorted(Comparator<Reading> order) {
        return all.stream().sorted(order).map(Reading::row).toList();
    }

    static <T extends Comparable<T>> Comparator<Reading> nullsLast(java.util.function.Function<Reading, T> key, boolean desc) {
        Comparator<T> natural = desc ? Comparator.<T>reverseOrder() : Comparator.<T>naturalOrder();
        return Comparator.comparing(key, Comparator.nullsLast(natural));
    }

    @Test
    void sort_byNumber_upAndDown_emptyValuesLast() {
        assertRows(sorted(nullsLast(Reading::no2, false)), urql(sb(), rc, "limit(-1)&sort(+no2)"), all, "sort(+no2)");
        assertRows(sorted(nullsLast(Reading::no2, false)), urql(sb(), rc, "limit(-1)&sort(no2)"), all, "sort(no2)");
        assertRows(sorted(nullsLast(Reading::no2, false)), urql(sb(), rc, "limit(-1)&sort(%2Bno2)"), all, "sort(%2Bno2)");
        assertRows(sorted(nullsLast(Reading::no2, true)), urql(sb(), rc, "limit(-1)&sort(-no2)"), all, "sort(-no2)");
    }

    @Test
    void sort_bySeveralKeys_textAndNumber() {
        Comparator<Reading> order = Comparator.comparing(Reading::site).thenComparing(Reading::count, Comparator.reverseOrder());
        assertRows(sorted(order), urql(sb(), rc, "limit(-1)&sort(+site,-count)"), all, "sort(+site,-count)");
        assertRows(sorted(Comparator.comparing(Reading::tag)), urql(sb(), rc, "limit(-1)&sort(tag)"), all, "text order, not numeric");
    }

    @Test
    void sort_byTimestamp_comparesInstants() {
        assertRows(sorted(nullsLast(Reading::timestamp, true)), urql(sb(), rc, "limit(-1)&sort(-timestamp)"), all, "sort(-timestamp)");
    }

    @Test
    void sort_withAPage_isTheSliceOfTheWholeOrder() {
        List<Integer> order = sorted(nullsLast(Reading::no2, true));
        assertRows(order.subList(3, 8), urql(sb(), rc, "sort(-no2)&limit(5,3)"), all, "sort(-no2)&limit(5,3)");
        assertRows(order.subList(0, 100), urql(sb(), rc, "sort(-no2)"), all, "default page");
        List<Integer> filtered = all.stream().filter(x -> x.site().equals("North Park"))
                .sorted(nullsLast(Reading::no2, false)).map(Reading::row).toList();
        assertRows(filtered.subList(0, 10), urql(sb(), rc, "site=North%20Park&sort(no2)&limit(10)"), all, "filtered and sorted");
    }

    @Test
    void sort_onAnUnknownColumn_isRefused() {
        TestHttp.Resp r = UrqlFixture.get(sb(), rc, "sort(-colour)");
        assertEquals("ValidationError", r.error(400));
        assertEquals("-colour", r.json().get("error").get("term").asText());
        assertEquals(6, r.json().get("error").get("position").asInt());
    }

    @Test
    void select_trimsToTheNamedColumns_keepingUsmartId() {
        JsonNode rows = urql(sb(), rc, "limit(3)&select(no2,site)");
        for (JsonNode r : rows) {
            assertEquals(List.of("site", "no2", "usmart_id"), ReadApiTest.keys(r), "schema order, usmart_id last");
        }
        JsonNode none = urql(sb(), rc, "limit(2)&select(colour)");
        assertEquals(List.of("usmart_id"), ReadApiTest.keys(none.get(0)), "an unknown property selects nothing");
        JsonNode full = urql(sb(), rc, "limit(3)");
        for (int k = 0; k < 3; k++) {
            assertEquals(full.get(k).get("usmart_id"), rows.get(k).get("usmart_id"));
            assertEquals(full.get(k).get("site"), rows.get(k).get("site"));
        }
    }

    @Test
    void limit_pagesAndStreams() {
        assertEquals(100, urql(sb(), rc, "").size(), "the default page");
        assertRows(List.of(10, 11, 12, 13, 14), urql(sb(), rc, "limit(5,10)"), all, "limit(5,10)");
        assertRows(List.of(0, 1, 2), urql(sb(), rc, "limit(3)"), all, "limit(3)");
        assertRows(Stream.iterate(0, i -> i + 1).limit(400).toList(), urql(sb(), rc, "limit(-1)"), all, "limit(-1)");
        assertRows(Stream.iterate(395, i -> i + 1).limit(5).toList(), urql(sb(), rc, "limit(-1,395)"), all, "limit(-1,395)");
        assertEquals(0, urql(sb(), rc, "limit(10,9990)").size(), "within the first 10,000 rows, past the end");
        assertEquals(400, urql(sb(), rc, "limit(10000)").size());
    }

    @Test
    void limit_beyondTheFirst10000Rows_isRefusedPointingAtLimitMinusOne() {
        for (String q : new String[] {"limit(100,9901)", "limit(10001)", "site=North%20Park&limit(5000,5001)"}) {
            TestHttp.Resp r = UrqlFixture.get(sb(), rc, q);
            assertEquals("ValidationError", r.error(400), q);
            assertTrue(r.json().get("error").get("message").asText().contains("limit(-1)"), r.body());
            assertTrue(r.json().get("error").get("term").asText().startsWith("limit("), r.body());
        }
    }

    @Test
    void limit_zeroNegativeOrTwice_isRefused() {
        for (String q : new String[] {"limit(0)", "limit(-2)", "limit(5)&limit(6)", "limit(5,-1)", "limit(a)", "limit()"}) {
            assertEquals("ValidationError", UrqlFixture.get(sb(), rc, q).error(400), q);
        }
    }

    @Test
    void formatCsv_givesTheAnsweredColumnsAsCsv() {
        TestHttp.Resp r = UrqlFixture.get(sb(), rc, "limit(-1)&format(csv)&select(site,count)&sort(-count)");
        assertEquals(200, r.status());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = r.body().split("\r\n");
        assertEquals("site,count", lines[0]);
        List<String> want = new ArrayList<>();
        all.stream().sorted(Comparator.comparing(Reading::count, Comparator.reverseOrder()))
                .forEach(x -> want.add((x.site().contains(",") ? "\"" + x.site() + "\"" : x.site()) + "," + x.count()));
        assertEquals(want, List.of(lines).subList(1, lines.length));
    }

    @Test
    void formatJson_isTheDefault_otherFormatsAreRefused() {
        assertEquals(urql(sb(), rc, "limit(4)"), urql(sb(), rc, "limit(4)&format(json)"));
        assertEquals("ValidationError", UrqlFixture.get(sb(), rc, "format(xml)").error(400));
    }

    @Test
    void cacheTrue_isAccepted() {
        assertEquals(urql(sb(), rc, "limit(4)"), urql(sb(), rc, "limit(4)&cache=true"));
    }

    @Test
    void rows_comeOneALine_likeUsmart() {
        String body = UrqlFixture.get(sb(), rc, "limit(2)").body();
        assertTrue(body.startsWith("[\n{") && body.endsWith("}\n]\n"), body);
        assertEquals(4, body.split("\n").length, body);
        assertEquals("[]\n", UrqlFixture.get(sb(), rc, "colour=red").body());
    }
}

package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.UrqlFixture.assertRows;
import static io.github.usmartkit.sandbox.UrqlFixture.expected;
import static io.github.usmartkit.sandbox.UrqlFixture.urql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.sandbox.UrqlFixture.Reading;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** URQL filters over the read API, each in both spellings, checked against the test's own readings. */
class UrqlFilterTest {
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
        rc = UrqlFixture.publish(sb(), "readings.csv", UrqlFixture.csv(all));
    }

    /** Every row the query keeps, in published order, must be exactly what the predicate keeps. */
    static void check(Predicate<Reading> keep, String... spellings) {
        List<Integer> want = expected(all, keep);
        if (keep != NOTHING) {
            assertFalse(want.isEmpty(), "a check that expects no row proves little: " + spellings[0]);
        }
        for (String q : spellings) {
            assertRows(want, urql(sb(), rc, "limit(-1)&" + q), all, q);
        }
    }

    static final Predicate<Reading> NOTHING = x -> false;

    static boolean no2(Reading x, Predicate<Double> p) {
        return x.no2() != null && p.test(x.no2());
    }

    @Test
    void eq_onANumberColumn_comparesNumbers() {
        double v = all.get(10).no2();
        check(x -> Objects.equals(x.no2(), v), "eq(no2," + v + ")", "no2=" + v, "no2=eq=" + v);
        long c = all.get(3).count();
        check(x -> x.count() == c, "count=" + c + ".0", "eq(count,number:" + c + ")", "count=eq=string:" + c);
    }

    @Test
    void ne_keepsRowsWithoutAValueToo() {
        double v = all.get(10).no2();
        check(x -> !Objects.equals(x.no2(), v), "ne(no2," + v + ")", "no2=ne=" + v);
    }

    @Test
    void ranges_onNumbers_leaveEmptyCellsOut() {
        check(x -> no2(x, n -> n < 40), "lt(no2,40)", "no2=lt=40");
        check(x -> no2(x, n -> n <= 40.3), "le(no2,40.3)", "no2=le=40.3");
        check(x -> no2(x, n -> n > 60), "gt(no2,60)", "no2=gt=60");
        check(x -> no2(x, n -> n >= 60.5), "ge(no2,60.5)", "no2=ge=60.5");
        check(x -> x.count() < 0, "lt(count,0)", "count=lt=-0.0");
    }

    @Test
    void eq_onText_isExact_andEncodedCommasAreText() {
        check(x -> x.site().equals("North Park"), "eq(site,North%20Park)", "site=North%20Park", "site=eq=North%20Park");
        check(x -> x.site().equals("Queen's Drive, East"), "site=Queen's%20Drive%2C%20East", "eq(site,Queen%27s%20Drive%2C%20East)");
        check(NOTHING, "site=north%20park");
    }

    @Test
    void ranges_onText_compareAsText() {
        check(x -> x.site().compareTo("Q") < 0, "lt(site,Q)", "site=lt=Q");
        check(x -> x.site().compareTo("Queen") >= 0, "ge(site,Queen)", "site=ge=Queen");
    }

    @Test
    void aTextColumnOfNumberLikeValues_comparesText() {
        String tag = all.get(1).tag();
        assertTrue(tag.matches("4\\d\\d"), tag);
        check(x -> x.tag().equals(tag), "tag=" + tag, "eq(tag,string:" + tag + ")", "tag=eq=" + tag);
        check(NOTHING, "tag=" + tag + ".0");
        check(x -> x.tag().compareTo("410") < 0, "lt(tag,410)", "tag=lt=410");
    }

    @Test
    void timestamps_compareInstants_whateverTheirOffset() {
        Instant t = Instant.parse("2026-01-03T12:00:00Z");
        check(x -> x.timestamp() != null && !x.timestamp().isBefore(t), "ge(timestamp,2026-01-03T12:00:00Z)",
                "timestamp=ge=2026-01-03T12:00:00Z", "timestamp=ge=2026-01-03T13:00:00%2B01:00");
        check(x -> x.timestamp() != null && x.timestamp().isBefore(Instant.parse("2026-01-01T00:00:00Z")),
                "lt(timestamp,2026-01-01)", "timestamp=lt=2026-01-01T00:00");
        Reading shifted = all.stream().filter(x -> x.offsetWritten() && x.timestamp() != null).findFirst().orElseThrow();
        check(x -> Objects.equals(x.timestamp(), shifted.timestamp()), "eq(timestamp," + shifted.timestamp() + ")",
                "timestamp=" + shifted.timestamp().toEpochMilli());
        check(x -> !x.day().isBefore(LocalDate.of(2026, 1, 20)), "ge(day,2026-01-20)", "day=ge=2026-01-20T00:00:00Z");
    }

    @Test
    void in_bothSpellings_withNullAmongTheValues() {
        Set<String> sites = Set.of("North Park", "Station Street");
        check(x -> sites.contains(x.site()), "in(site,(North%20Park,Station%20Street))", "site=in=(North%20Park,Station%20Street)");
        check(x -> x.count() == 5 || x.count() == 7 || x.count() == 11, "in(count,(5,7,11))", "count=in=(5,7,11)");
        check(x -> x.no2() == null || x.no2() > 70, "or(in(no2,(null)),gt(no2,70))", "(no2=in=(null)%7Cno2=gt=70)");
        check(x -> x.site().equals("North Park"), "in(site,North%20Park)");
    }

    @Test
    void exists_andNull() {
        check(x -> x.no2() != null, "exists(no2)", "ne(no2,null)", "no2=ne=null");
        check(x -> x.no2() == null, "eq(no2,null)", "no2=null", "no2=undefined");
        check(NOTHING, "exists(blank)");
        check(x -> x.note().isEmpty(), "note=null");
    }

    @Test
    void andOrAndParentheses_allSpellings() {
        Predicate<Reading> want = x -> (x.site().equals("North Park") || x.site().equals("Station Street")) && no2(x, n -> n > 40);
        check(want, "(site=North%20Park%7Csite=Station%20Street)&no2=gt=40",
                "and(or(eq(site,North%20Park),eq(site,Station%20Street)),gt(no2,40))",
                "no2=gt=40&(site=North%20Park%7Csite=Station%20Street)",
                "and((site=North%20Park%7Csite=Station%20Street),no2=gt=40)");
        check(x -> no2(x, n -> n > 70) || x.count() < 0, "(no2=gt=70%7Ccount=lt=0)", "or(gt(no2,70),lt(count,0))");
        // a query that is one disjunction: the default page of 100
        assertRows(expected(all, x -> no2(x, n -> n > 60) || x.count() < 0).subList(0, 100),
                urql(sb(), rc, "no2=gt=60%7Ccount=lt=0"), all, "top-level |");
        TestHttp.Resp mixed = UrqlFixture.get(sb(), rc, "limit(-1)&no2=gt=70%7Ccount=lt=0");
        assertEquals("ValidationError", mixed.error(400));
        assertEquals("%7C", mixed.json().get("error").get("term").asText(), "& and | mixed at one level");
        check(x -> x.count() > 100 && x.ok().equals("true") && x.site().equals("Harbour Road"),
                "count=gt=100&ok=true&site=Harbour%20Road", "and(gt(count,100),eq(ok,true),eq(site,Harbour%20Road))",
                "and(count=gt=100,and(ok=boolean:true,site=Harbour%20Road))");
    }

    @Test
    void booleansAgainstATextColumn_compareTheirText() {
        check(x -> x.ok().equals("false"), "ok=false", "eq(ok,string:false)");
    }

    @Test
    void anUnknownColumn_matchesNothing_andItsNegationEverything() {
        check(NOTHING, "colour=red", "lt(colour,3)", "in(colour,(a,b))", "exists(colour)", "re(colour,.*)", "match(colour,red)",
                "ge(colour,now,-1d,d)");
        check(x -> true, "ne(colour,red)");
        check(x -> x.site().equals("North Park"), "(site=North%20Park%7Ccolour=red)");
    }

    @Test
    void aValueTheColumnCannotHold_isRefusedNamingIt() {
        for (String[] q : new String[][] {{"eq(no2,abc)", "abc", "8"}, {"no2=gt=true", "true", "8"},
            {"lt(timestamp,yesterday)", "yesterday", "14"}, {"lt(no2,null)", "null", "8"}, {"eq(no2,(1,2))", "(1,2)", "8"}}) {
            TestHttp.Resp r = UrqlFixture.get(sb(), rc, q[0]);
            assertEquals("ValidationError", r.error(400), q[0]);
            JsonNode e = r.json().get("error");
            assertEquals(q[1], e.get("term").asText(), q[0]);
            assertEquals(Integer.parseInt(q[2]), e.get("position").asInt(), q[0]);
        }
    }

    @Test
    void usmartId_canBeFilteredOn() {
        JsonNode page = urql(sb(), rc, "limit(5,20)");
        String id = page.get(2).get("usmart_id").asText();
        JsonNode one = urql(sb(), rc, "usmart_id=" + id);
        assertEquals(1, one.size());
        assertEquals(page.get(2), one.get(0));
        assertEquals(List.of(22), UrqlFixture.rowsOf(one, all));
    }

    @Test
    void offsetWrittenTimestamps_areServedAsWritten() {
        Reading shifted = all.stream().filter(x -> x.offsetWritten() && x.timestamp() != null).findFirst().orElseThrow();
        JsonNode answer = urql(sb(), rc, "timestamp=" + shifted.timestamp());
        assertEquals(1, answer.size(), answer.toString());
        JsonNode row = answer.get(0);
        assertEquals(shifted.timestamp().atOffset(ZoneOffset.ofHours(1)).toString(), row.get("timestamp").asText());
    }
}

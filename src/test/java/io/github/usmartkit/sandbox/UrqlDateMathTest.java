package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.UrqlFixture.assertRows;
import static io.github.usmartkit.sandbox.UrqlFixture.expected;
import static io.github.usmartkit.sandbox.UrqlFixture.urql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.usmartkit.sandbox.UrqlFixture.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code le}/{@code ge} with date math, {@code ge(p, date, offset, rounding)}: the date moved by
 * the offset, rounded down to the unit for ge and up to its end for le (Elasticsearch's rules).
 */
class UrqlDateMathTest {
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
        rc = UrqlFixture.publish(sb(), "dates.csv", UrqlFixture.csv(all));
    }

    static void since(Instant from, String query) {
        List<Integer> want = expected(all, x -> x.timestamp() != null && !x.timestamp().isBefore(from));
        assertFalse(want.isEmpty() || want.size() == all.size(), query + " should keep some rows and drop some");
        assertRows(want, urql(sb(), rc, "limit(-1)&" + query), all, query);
    }

    static void until(Instant last, String query) {
        List<Integer> want = expected(all, x -> x.timestamp() != null && !x.timestamp().isAfter(last));
        assertFalse(want.isEmpty() || want.size() == all.size(), query + " should keep some rows and drop some");
        assertRows(want, urql(sb(), rc, "limit(-1)&" + query), all, query);
    }

    @Test
    void ge_movesThenRoundsDown() {
        since(Instant.parse("2026-01-01T00:00:00Z"), "ge(timestamp,2026-02-15T12:00:00Z,-1M,M)");
        since(Instant.parse("2026-01-04T00:00:00Z"), "ge(timestamp,2026-01-05T10:20:00Z,-1d,d)");
        since(Instant.parse("2026-01-05T09:00:00Z"), "ge(timestamp,2026-01-05T10:20:00Z,-1h,h)");
        since(Instant.parse("2026-01-05T00:00:00Z"), "ge(timestamp,2026-01-07T10:20:00Z,,w)");
        since(Instant.parse("2026-01-06T10:20:00Z"), "ge(timestamp,2026-01-05T10:20:00Z,%2B1d)");
        since(Instant.parse("2026-01-04T12:00:00Z"), "ge(timestamp,2026-01-05T10:20:00Z,-1d%2B2h,h)");
        since(Instant.parse("2026-01-06T09:00:00Z"), "ge(timestamp,2026-01-05T10:20:00Z,1d-1h,h)");
    }

    @Test
    void le_movesThenRoundsUpToTheEndOfTheUnit() {
        until(Instant.parse("2026-01-01T23:59:59.999Z"), "le(timestamp,2026-01-01,,d)");
        until(Instant.parse("2026-01-01T23:59:59.999Z"), "le(timestamp,2026-01-01,,,d)");
        until(Instant.parse("2026-01-02T23:59:59.999Z"), "le(timestamp,2026-01-03T05:00:00Z,-1d,d)");
        until(Instant.parse("2026-01-01T00:00:00Z"), "le(timestamp,2026-01-01)");
        until(Instant.parse("2025-12-31T23:59:59.999Z"), "le(timestamp,2026-01-20,-1M,y)");
    }

    @Test
    void now_isTheAnchorOfTimeRelativeQueries() {
        // the readings are from 2025-12-30 on: a century back from now keeps all that have a time, a day ahead none
        List<Integer> timed = expected(all, x -> x.timestamp() != null);
        assertRows(timed, urql(sb(), rc, "limit(-1)&ge(timestamp,now,-100y,y)"), all, "a century back");
        assertRows(List.of(), urql(sb(), rc, "limit(-1)&ge(timestamp,now,%2B1d)"), all, "from tomorrow on");
        assertRows(timed, urql(sb(), rc, "limit(-1)&lt(timestamp,now)"), all, "now as a plain value");
    }

    @Test
    void dateMath_refusals() {
        for (String[] q : new String[][] {{"ge(no2,2026-01-01,-1d,d)", "ge(no2,2026-01-01,-1d,d)"},
            {"ge(timestamp,soon,-1d)", "soon"}, {"ge(timestamp,now,-1x)", "-1x"}, {"ge(timestamp,now,1d2h)", "1d2h"},
            {"le(timestamp,now,,day)", "day"}, {"lt(timestamp,now,-1d)", "lt(timestamp,now,-1d)"}}) {
            TestHttp.Resp r = UrqlFixture.get(sb(), rc, q[0]);
            assertEquals("ValidationError", r.error(400), q[0]);
            assertEquals(q[1], r.json().get("error").get("term").asText(), q[0]);
        }
    }
}

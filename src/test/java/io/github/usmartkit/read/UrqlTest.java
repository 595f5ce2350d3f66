package io.github.usmartkit.read;

import io.github.usmartkit.error.BadRequestException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static io.github.usmartkit.read.Urql.DAY;
import static io.github.usmartkit.read.Urql.and;
import static io.github.usmartkit.read.Urql.asc;
import static io.github.usmartkit.read.Urql.avg;
import static io.github.usmartkit.read.Urql.by;
import static io.github.usmartkit.read.Urql.count;
import static io.github.usmartkit.read.Urql.desc;
import static io.github.usmartkit.read.Urql.encode;
import static io.github.usmartkit.read.Urql.eq;
import static io.github.usmartkit.read.Urql.exists;
import static io.github.usmartkit.read.Urql.ge;
import static io.github.usmartkit.read.Urql.gt;
import static io.github.usmartkit.read.Urql.in;
import static io.github.usmartkit.read.Urql.match;
import static io.github.usmartkit.read.Urql.matchphrase;
import static io.github.usmartkit.read.Urql.or;
import static io.github.usmartkit.read.Urql.re;
import static io.github.usmartkit.read.Urql.stats;
import static io.github.usmartkit.read.Urql.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the factories write (the round trips against the sandbox are in QueryBuilderTest): the
 * reserved characters of URQL and of URLs encoded, typed values, {@code string:} where needed.
 */
class UrqlTest {

    @Test
    void encode_everythingButUnreserved() {
        assertEquals("North%20Park", encode("North Park"));
        assertEquals("a%2Cb%28c%29%26d%7Ce%3Df%2Bg%3Ah%27i", encode("a,b(c)&d|e=f+g:h'i"));
        assertEquals("Caf%C3%A9%20%E2%82%AC%20%F0%9F%9A%B2", encode("Café € 🚲"), "UTF-8, surrogate pairs whole");
        assertEquals("pm2.5_x-y~z", encode("pm2.5_x-y~z"));
        assertEquals("100%25", encode("100%"));
    }

    @Test
    void values_byType() {
        assertEquals("40", value(40));
        assertEquals("-7", value(-7L));
        assertEquals("2.5", value(2.5));
        assertEquals("40", value(40.0));
        assertEquals("0.000001", value(1e-6), "no exponent");
        assertEquals("12.30", value(new BigDecimal("12.30")));
        assertEquals("true", value(true));
        assertEquals("null", value(null));
        assertEquals("2026-01-05T09:00:00Z", value(Instant.parse("2026-01-05T09:00:00Z")));
        assertEquals("2026-01-05T08:00:00Z", value(OffsetDateTime.of(2026, 1, 5, 9, 0, 0, 0, ZoneOffset.ofHours(1))));
        assertEquals("2026-01-05T09:00:00Z", value(LocalDateTime.of(2026, 1, 5, 9, 0)), "a LocalDateTime is UTC");
        assertEquals("2026-01-05", value(LocalDate.of(2026, 1, 5)));
        assertEquals("North%20Park", value("North Park"));
        assertEquals("string:414", value("414"), "numeric-looking text is forced to text");
        assertEquals("string:0131", value("0131"));
        assertEquals("string:-3", value("-3"));
        assertEquals("string:.5", value(".5"));
        assertEquals("string:%2B44", value("+44"));
        assertEquals("string:true", value("true"));
        assertEquals("string:NULL", value("NULL"));
        assertEquals("string:undefined", value("undefined"));
        assertEquals("string:2026-01-05", value("2026-01-05"), "date-looking text too");
        assertEquals("string:", value(""));
        assertEquals("X1", value("X1"));
        assertEquals("string%3A3", value("string:3"), "a colon is encoded: no converter prefix slips in");
        assertEquals("NORTH", value(Direction.NORTH));
    }

    enum Direction { NORTH }

    @Test
    void values_refusedWithFields() {
        for (Object bad : new Object[] {Double.NaN, Double.POSITIVE_INFINITY, new Object(), List.of(1)}) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> eq("a", bad));
            assertEquals("urql", e.action());
            assertFalse(e.whatToDo().isBlank());
        }
    }

    @Test
    void filters() {
        assertEquals("gt(no2,40)", gt("no2", 40).urql());
        assertEquals("eq(Class%20Name,string:3)", eq("Class Name", "3").urql());
        assertEquals("in(type,(A,string:7,7,null))", in("type", "A", "7", 7, null).urql());
        assertEquals("in(type,(A,B))", in("type", List.of("A", "B")).urql());
        assertEquals("exists(speed)", exists("speed").urql());
        assertEquals("and(gt(a,1),or(eq(b,x),eq(b,y)))", and(gt("a", 1), or(eq("b", "x"), eq("b", "y"))).urql());
        assertEquals("or(eq(b,x),eq(b,y))", eq("b", "x").or(eq("b", "y")).urql());
        assertEquals("gt(a,1)", and(gt("a", 1)).urql(), "one filter is itself");
        assertEquals("match(note,traffic%20school)", match("note", "traffic school").urql());
        assertEquals("matchphrase(note,heavy%20traffic,2)", matchphrase("note", "heavy traffic", 2).urql());
        assertEquals("re(site,North%7CSouth%28ern%29%3F)", re("site", "North|South(ern)?").urql());
        assertEquals("ge(timestamp,now,-1M,M)", ge("timestamp", "now", "-1M", "M").urql());
        assertEquals("ge(timestamp,2026-01-05T09:00:00Z,%2B2d-1h,d)", ge("timestamp", "2026-01-05T09:00:00Z", "+2d-1h", "d").urql());
        assertEquals("ge(t,2026-01-05,,)", ge("t", LocalDate.of(2026, 1, 5), "", "").urql());
    }

    @Test
    void factories_refuseBadArguments() {
        List<Runnable> bad = Arrays.asList(() -> eq(null, 1), () -> eq(" ", 1), () -> in("a"), () -> in("a", List.of()),
                () -> and(), () -> or(gt("a", 1), null), () -> match("a", " "), () -> matchphrase("a", "b", -1), () -> re("a", ""),
                () -> ge("t", "now", "1M", "M"), () -> ge("t", "now", "-1M", "Q"), () -> asc(""), () -> avg(null), () -> by(),
                () -> by("site").limit(0), () -> by("site", null), () -> new Group(null, null, null, 0), () -> by("site").histogram("t", null), () -> encode(null));
        for (Runnable r : bad) {
            BadRequestException e = assertThrows(BadRequestException.class, r::run);
            assertEquals("urql", e.action());
            assertFalse(e.whatToDo().isBlank(), e.getMessage());
        }
    }

    @Test
    void sortKeysAndMetrics() {
        assertEquals("+site", asc("site").urql());
        assertEquals("-no2", desc("no2").urql());
        assertEquals("avg(wind%20speed)", avg("wind speed").urql());
        assertEquals("avg(wind speed)", avg("wind speed").key(), "the answer keys it decoded");
        assertEquals(List.of("value_count(no2)", "sum(no2)", "avg(no2)", "min(no2)", "max(no2)"), stats("no2").columns());
        assertEquals("value_count(site)", count("site").urql());
        assertEquals(List.of("site", "timestamp"), by("site").histogram("timestamp", DAY).names());
        assertEquals("day", DAY.urql());
    }
}

package io.github.usmartkit.internal.read;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ISO-8601 timestamps read to UTC, checked against java.time, and written back in the form read. */
class IsoStampTest {

    private static LocalDateTime utc(IsoStamp s) {
        return LocalDateTime.of(s.year, s.month, s.day, s.hour, s.minute, s.second, s.millis * 1_000_000);
    }

    @Test
    void readsTheFormsTheReadApiWrites_asJavaTimeDoes() {
        Random r = new Random(3);
        IsoStamp s = new IsoStamp();
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(r.nextLong(-2_000_000_000_000L, 4_000_000_000_000L)).truncatedTo(ChronoUnit.MILLIS);
            ZoneOffset off = ZoneOffset.ofTotalSeconds((r.nextInt(37) - 18) * 1800);
            String text = t.atOffset(off).toString(); // java.time drops zero seconds and fractions: several forms
            assertTrue(s.parse(text), text);
            assertEquals(LocalDateTime.ofInstant(OffsetDateTime.parse(text).toInstant(), ZoneOffset.UTC), utc(s), text);
            assertTrue(s.exact);
            assertEquals(text, IsoStamp.format(s.year, s.month, s.day, s.hour, s.minute, s.second, s.millis, s.template), "written back");
        }
    }

    @Test
    void datesAndZonelessTimes_areUtc() {
        IsoStamp s = new IsoStamp();
        assertTrue(s.parse("2024-02-29"));
        assertTrue(s.dateOnly);
        assertEquals(LocalDate.of(2024, 2, 29), LocalDate.of(s.year, s.month, s.day));
        assertTrue(s.parse("2026-01-05T09:00:00.123456789"));
        assertEquals(LocalDateTime.of(2026, 1, 5, 9, 0, 0, 123_000_000), utc(s));
        assertFalse(s.exact, "digits below the millisecond cannot be written back");
        assertTrue(s.parse("2026-01-05T00:30+0100"));
        assertEquals(LocalDateTime.of(2026, 1, 4, 23, 30), utc(s), "across midnight");
        assertTrue(s.parse("2026-12-31T23:00-02"));
        assertEquals(LocalDateTime.of(2027, 1, 1, 1, 0), utc(s), "across a year");
    }

    @Test
    void refusesWhatIsNotSuchATimestamp() {
        IsoStamp s = new IsoStamp();
        for (String bad : List.of("", "2026", "2026-13-01", "2025-02-29", "2026-01-32", "2026-01-05 09:00", "2026-01-05T9:00",
                "2026-01-05T24:00", "2026-01-05T09:60", "2026-01-05T09:00:61", "2026-01-05T09:00:00.", "2026-01-05T09:00Zulu",
                "2026-01-05T09:00+1", "2026-01-05T09:00+19:00", "2026-01-05T09:00+01:00:00", "North Park", "0131", "20260105")) {
            assertFalse(s.parse(bad), bad);
        }
    }
}

package io.github.usmartkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLinesTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final LogLines log = new LogLines(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock);

    private List<String> lines() {
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), "no carriage return in a log: " + out);
        return out.lines().toList();
    }

    @Test
    void largeUpload_oneTimestampedLinePerStageAndEveryTenPercent() {
        long total = 20L * 1024 * 1024;
        log.stage("upload big.csv", "asking for an upload URL");
        log.update("upload big.csv", 0, total);
        for (long done = 256 * 1024; done <= total; done += 256 * 1024) {
            now = now.plusMillis(50);
            log.update("upload big.csv", done, total);
        }
        log.finished("upload big.csv", true);
        log.stage("upload big.csv", "registered as revision 2");
        List<String> lines = lines();
        assertEquals("2026-11-27T10:00:00Z upload big.csv: asking for an upload URL", lines.get(0));
        assertEquals("2026-11-27T10:00:00Z upload big.csv: uploading 20.0 MiB", lines.get(1));
        assertEquals(9, lines.stream().filter(l -> l.matches(".* upload big\\.csv: [1-9]0% \\(.* MiB\\)")).count(), lines.toString());
        assertTrue(lines.get(lines.size() - 2).endsWith("upload big.csv: uploaded 20.0 MiB in 4.0 s"), lines.toString());
        assertTrue(lines.get(lines.size() - 1).endsWith("upload big.csv: registered as revision 2"), lines.toString());
        for (String l : lines) {
            assertTrue(l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*"), l);
        }
    }

    @Test
    void smallUpload_noPercentLines() {
        log.update("upload a.csv", 0, 5000);
        log.update("upload a.csv", 5000, 5000);
        log.finished("upload a.csv", true);
        assertEquals(List.of("2026-11-27T10:00:00Z upload a.csv: uploading 4.9 KiB",
                "2026-11-27T10:00:00Z upload a.csv: uploaded 4.9 KiB in 0.0 s"), lines());
    }

    @Test
    void waitForPipelines_linePerChangeOfCountAndStage() {
        log.update("refresh Air", 0, 2);
        log.stage("refresh Air", "csv-to-api e5a73062-ed6c-4282-8262-b33ae725f02b: queued");
        now = now.plus(Duration.ofSeconds(1));
        log.update("refresh Air", 0, 2);
        log.stage("refresh Air", "csv-to-api e5a73062-ed6c-4282-8262-b33ae725f02b: queued → complete");
        log.update("refresh Air", 1, 2);
        now = now.plus(Duration.ofSeconds(2));
        log.update("refresh Air", 2, 2);
        log.finished("refresh Air", true);
        assertEquals(List.of(
                "2026-11-27T10:00:00Z refresh Air: 0 of 2 finished",
                "2026-11-27T10:00:00Z refresh Air: csv-to-api e5a73062-ed6c-4282-8262-b33ae725f02b: queued",
                "2026-11-27T10:00:01Z refresh Air: csv-to-api e5a73062-ed6c-4282-8262-b33ae725f02b: queued → complete",
                "2026-11-27T10:00:01Z refresh Air: 1 of 2 finished",
                "2026-11-27T10:00:03Z refresh Air: 2 of 2 finished",
                "2026-11-27T10:00:03Z refresh Air: done in 3.0 s"), lines());
    }

    @Test
    void theEnd_isReportedOnce() {
        log.update("upload a.csv", 0, 100);
        log.finished("upload a.csv", false);
        log.finished("upload a.csv", false); // the retrier gave up after that attempt
        assertEquals(2, lines().size(), lines().toString());
        log.update("refresh Air quality readings", 0, 2);
        log.finished("refresh 114f8ea9", false); // a caller ending it after a failure
        assertTrue(lines().get(3).endsWith("refresh Air quality readings: failed after 0.0 s"), lines().toString());
    }

    @Test
    void failedAttemptThenRetry_saysSoEachTime() {
        log.update("upload a.csv", 0, 100);
        log.finished("upload a.csv", false);
        log.update("upload a.csv", 0, 100);
        log.update("upload a.csv", 100, 100);
        log.finished("upload a.csv", true);
        List<String> lines = lines();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).endsWith("failed after 0.0 s") && lines.get(2).endsWith("uploading 100 B"), lines.toString());
    }
}

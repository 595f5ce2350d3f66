package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Readings a test makes itself, writes as CSV and publishes through the sandbox's own
 * {@code file:create} and {@code resourceContainer:process}; the expected answers of a query are
 * computed from these Java objects with plain streams, never from what the sandbox parsed.
 *
 * <p>Columns: {@code timestamp} (ISO-8601, some with a +01:00 offset, some empty), {@code day}
 * (dates), {@code site} (text, one with a comma and an apostrophe), {@code no2} (decimals, some
 * empty), {@code count} (whole numbers), {@code tag} (text that mostly looks numeric: "414"),
 * {@code note} (words to match), {@code ok} (true/false, text), {@code blank} (always empty).
 */
final class UrqlFixture {
    static final String HEADER = "timestamp,day,site,no2,count,tag,note,ok,blank";
    static final String[] SITES = {"North Park", "Harbour Road", "Queen's Drive, East", "Station Street"};
    static final String[] NOTES = {"heavy traffic near the school", "quiet morning", "roadworks near the harbour",
        "school run traffic", "traffic heavy after the match", "", "bus lane closed near the school gates"};
    static final Instant START = Instant.parse("2025-12-30T22:00:00Z");

    /** One published row, as the test made it; null is an empty cell. */
    record Reading(int row, Instant timestamp, boolean offsetWritten, LocalDate day, String site, Double no2, long count,
                   String tag, String note, String ok) {
    }

    private UrqlFixture() {
    }

    /** {@code n} readings from a fixed seed, 37 minutes apart (400 of them cross hours, days, weeks, a month and a year). */
    static List<Reading> readings(int n) {
        Random r = new Random(9);
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant t = i % 11 == 5 ? null : START.plusSeconds(37L * 60 * i + (i % 3) * 17L);
            Double no2 = i % 9 == 4 ? null : Math.round((5 + r.nextDouble() * 70) * 10) / 10.0;
            String tag = i == 7 ? "X1" : i % 13 == 0 ? "0131" : String.valueOf(400 + r.nextInt(30));
            out.add(new Reading(i, t, i % 7 == 3, LocalDate.of(2026, 1, 1).plusDays(i % 45), SITES[r.nextInt(SITES.length)], no2,
                    r.nextInt(200) - 20, tag, NOTES[i % NOTES.length], i % 2 == 0 ? "true" : "false"));
        }
        return out;
    }

    static String csv(List<Reading> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Reading x : rows) {
            String ts = x.timestamp() == null ? "" : x.offsetWritten()
                    ? x.timestamp().atOffset(ZoneOffset.ofHours(1)).toString() : x.timestamp().toString();
            sb.append(ts).append(',').append(x.day()).append(',').append(quote(x.site())).append(',')
                    .append(x.no2() == null ? "" : x.no2().toString()).append(',').append(x.count()).append(',')
                    .append(x.tag()).append(',').append(quote(x.note())).append(',').append(x.ok()).append(",\n");
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Publishes the CSV as a new file of the playground with a csv-to-api container; returns the container GUID. */
    static String publish(Sandbox sb, String fileName, String csv) {
        JsonNode f = TestHttp.createFile(sb, PLAYGROUND, fileName, csv.getBytes(StandardCharsets.UTF_8));
        JsonNode c = TestHttp.ok(sb, "resourceContainer:create", sb.providerKey(), "{\"datasetGUID\":\"" + PLAYGROUND
                + "\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"" + f.get("fileGUID").asText() + "\"}");
        String guid = c.get("resourceContainerGUID").asText();
        process(sb, guid);
        return guid;
    }

    /** Processes the container again and waits until it completes. */
    static void process(Sandbox sb, String guid) {
        TestHttp.ok(sb, "resourceContainer:process", sb.providerKey(), "{\"resourceContainerGUID\":\"" + guid + "\"}");
        JsonNode done = TestHttp.awaitProcessed(sb, PLAYGROUND, guid);
        assertEquals("complete", done.get("status").asText(), done.toString());
    }

    static String url(Sandbox sb, String rc, String revision, String rawQuery) {
        return sb.baseUrl() + "/org/" + sb.org() + "/" + rc + "/" + revision + "/urql" + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }

    static TestHttp.Resp get(Sandbox sb, String rc, String rawQuery) {
        return TestHttp.get(url(sb, rc, "latest", rawQuery), null);
    }

    /** The answer of a query that must succeed. */
    static JsonNode urql(Sandbox sb, String rc, String rawQuery) {
        TestHttp.Resp r = get(sb, rc, rawQuery);
        assertEquals(200, r.status(), rawQuery + " -> " + r.body());
        return r.json();
    }

    /** The row positions (0-based) of the answer, read back through a column only the test knows: the row's count and day. */
    static List<Integer> rowsOf(JsonNode answer, List<Reading> all) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : answer) {
            out.add(find(n, all));
        }
        return out;
    }

    private static int find(JsonNode n, List<Reading> all) {
        for (Reading x : all) {
            if (matches(n, x)) {
                return x.row();
            }
        }
        throw new AssertionError("no reading like " + n);
    }

    /** Whether the answered row is this reading, comparing every column that the answer has. */
    static boolean matches(JsonNode n, Reading x) {
        return (!n.has("count") || n.get("count").asLong() == x.count())
                && (!n.has("day") || n.get("day").asText().equals(x.day().toString()))
                && (!n.has("tag") || n.get("tag").asText().equals(x.tag()))
                && (!n.has("site") || n.get("site").asText().equals(x.site()))
                && (!n.has("no2") || (x.no2() == null ? n.get("no2").isNull() : n.get("no2").asDouble() == x.no2()))
                && (!n.has("timestamp") || (x.timestamp() == null ? n.get("timestamp").isNull()
                        : Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(n.get("timestamp").asText()))
                                .equals(x.timestamp())));
    }

    /** The rows (in published order) that the predicate keeps. */
    static List<Integer> expected(List<Reading> all, Predicate<Reading> keep) {
        return all.stream().filter(keep).map(Reading::row).toList();
    }

    /** Asserts the answer is exactly these rows in this order; the rows must be told apart by count and day. */
    static void assertRows(List<Integer> expected, JsonNode answer, List<Reading> all, String query) {
        assertTrue(answer.isArray(), query + " -> " + answer);
        assertEquals(expected, rowsOf(answer, all), query);
    }
}

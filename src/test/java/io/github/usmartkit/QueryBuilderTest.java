package io.github.usmartkit;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.read.RowQuery;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static io.github.usmartkit.read.Urql.DAY;
import static io.github.usmartkit.read.Urql.and;
import static io.github.usmartkit.read.Urql.asc;
import static io.github.usmartkit.read.Urql.avg;
import static io.github.usmartkit.read.Urql.by;
import static io.github.usmartkit.read.Urql.count;
import static io.github.usmartkit.read.Urql.desc;
import static io.github.usmartkit.read.Urql.eq;
import static io.github.usmartkit.read.Urql.exists;
import static io.github.usmartkit.read.Urql.ge;
import static io.github.usmartkit.read.Urql.gt;
import static io.github.usmartkit.read.Urql.in;
import static io.github.usmartkit.read.Urql.le;
import static io.github.usmartkit.read.Urql.lt;
import static io.github.usmartkit.read.Urql.match;
import static io.github.usmartkit.read.Urql.matchphrase;
import static io.github.usmartkit.read.Urql.max;
import static io.github.usmartkit.read.Urql.min;
import static io.github.usmartkit.read.Urql.ne;
import static io.github.usmartkit.read.Urql.or;
import static io.github.usmartkit.read.Urql.re;
import static io.github.usmartkit.read.Urql.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The query builder against the sandbox over loopback: every answer is checked against what the
 * test computes itself, with plain streams, from the readings it wrote as CSV and published.
 * Values holding commas, parentheses, spaces, {@code +}, {@code &}, {@code =}, apostrophes and
 * non-ASCII letters reach the sandbox's URQL parser intact (it decodes what the builder wrote
 * and answers the right rows).
 */
class QueryBuilderTest {

    static final String[] SITES = {"North Park", "Queen's Drive, East", "Café (Ñandú) + Ω", "a&b=c", "x+y z", "Harbour Road"};
    static final String[] NOTES = {"heavy traffic near the school", "quiet morning", "roadworks near the harbour",
        "school run traffic", "traffic heavy after the match", "", "bus lane closed"};
    static final Instant START = Instant.parse("2026-01-01T22:00:00Z");
    static final int ROWS = 420;

    /** One published row as the test made it; null is an empty cell. */
    record Reading(int row, Instant ts, boolean offsetWritten, LocalDate day, String site, Double no2, long count, String tag,
                   String note, Double wind) {
    }

    static Sandbox sandbox;
    static USmart usmart;
    static List<Reading> all;
    static String rc;

    @BeforeAll
    static void publish() throws IOException {
        sandbox = Sandbox.builder().processingDelay(Duration.ofMillis(20)).start();
        usmart = Sandboxes.connect(sandbox, sandbox.providerKey());
        all = readings(ROWS, 11);
        rc = publish(usmart, csv(all), "readings.csv");
    }

    @AfterAll
    static void stop() {
        usmart.close();
        sandbox.close();
    }

    static List<Reading> readings(int n, long seed) {
        Random r = new Random(seed);
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant t = i % 13 == 7 ? null : START.plusSeconds(53L * 60 * i);
            Double no2 = i % 9 == 4 ? null : Math.round((5 + r.nextDouble() * 70) * 10) / 10.0;
            String tag = i == 3 ? "X1" : i % 11 == 0 ? "0131" : String.valueOf(400 + r.nextInt(20));
            Double wind = i % 5 == 1 ? null : (double) r.nextInt(30);
            out.add(new Reading(i, t, i % 4 == 2, LocalDate.of(2026, 1, 1).plusDays(i % 40), SITES[r.nextInt(SITES.length)], no2,
                    r.nextInt(300) - 40, tag, NOTES[i % NOTES.length], wind));
        }
        return out;
    }

    static String csv(List<Reading> rows) {
        StringBuilder sb = new StringBuilder("timestamp,day,site,no2,count,tag,note,wind speed\n");
        for (Reading x : rows) {
            String ts = x.ts() == null ? "" : x.offsetWritten() ? x.ts().atOffset(ZoneOffset.ofHours(1)).toString() : x.ts().toString();
            sb.append(ts).append(',').append(x.day()).append(',').append(quote(x.site())).append(',')
                    .append(x.no2() == null ? "" : x.no2().toString()).append(',').append(x.count()).append(',')
                    .append(x.tag()).append(',').append(quote(x.note())).append(',')
                    .append(x.wind() == null ? "" : String.valueOf(x.wind().intValue())).append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Adds the CSV to the playground with a csv-to-api pipeline, processes it and returns the container GUID. */
    static String publish(USmart usmart, String csv, String name) throws IOException {
        Path dir = Files.createTempDirectory("query-builder-");
        Path file = Files.writeString(dir.resolve(name), csv);
        Dataset playground = usmart.dataset(PLAYGROUND);
        String fileGuid = playground.add(file).fileGuid();
        String container = playground.createPipeline("csv-to-api", fileGuid).resourceContainerGuid();
        playground.refresh(container);
        assertTrue(playground.awaitProcessed(Duration.ofSeconds(60)).ok());
        return container;
    }

    // ---- helpers: the rows of an answer, identified through the row index the test can read back

    /** The readings an answer's rows are, in the answer's order (each told apart by count, day and tag). */
    static List<Integer> rowsOf(Table t) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            long count = t.longColumn("count").getLong(i);
            LocalDate day = t.dateColumn("day").get(i);
            String tag = t.stringColumn("tag").get(i);
            List<Integer> found = all.stream().filter(x -> x.count() == count && x.day().equals(day) && x.tag().equals(tag))
                    .map(Reading::row).toList();
            assertEquals(1, found.size(), "row " + i + " must be one reading: " + found);
            out.add(found.get(0));
        }
        return out;
    }

    static List<Integer> expected(Predicate<Reading> keep) {
        return all.stream().filter(keep).map(Reading::row).toList();
    }

    static List<Integer> read(RowQuery q) {
        return rowsOf(q.all().table());
    }

    // ---- encoding, checked by round trip

    @Test
    void eq_everyAwkwardValueReachesTheServiceIntact() {
        for (String site : SITES) {
            List<Integer> want = expected(x -> x.site().equals(site));
            assertFalse(want.isEmpty(), "the fixture holds " + site);
            assertEquals(want, read(usmart.read(rc).where(eq("site", site))), site + " via " + usmart.read(rc).where(eq("site", site)).url());
            assertEquals(want, read(usmart.read(rc).where("site", site)), "where(column, value) is eq: " + site);
        }
    }

    @Test
    void noRowMatching_stillGivesTheRowsColumnsAndTypes_onAnEmptyTable() {
        Table full = usmart.read(rc).limit(1).table();
        Table none = usmart.read(rc).where(eq("site", "No such site anywhere")).table();
        assertEquals(0, none.rowCount());
        assertEquals(full.columnNames(), none.columnNames());
        assertEquals(full.types(), none.types());
        assertEquals(0, none.doubleColumn("no2").size(), "code that names a column works on the empty answer");
        assertTrue(none.name().endsWith("where site = No such site anywhere"), none.name());

        // a filter on a column the rows do not have: the read API answers [] (as Elasticsearch does);
        // the header then shows the columns there are
        Table typo = usmart.read(rc).where(eq("sight", "Harbour")).table();
        assertEquals(full.columnNames(), typo.columnNames());
        assertFalse(typo.columnNames().contains("sight"));

        Table selected = usmart.read(rc).select("site", "no2").where(gt("no2", 1_000_000)).table();
        assertEquals(0, selected.rowCount());
        assertEquals(List.of("site", "no2"), selected.columnNames().stream().filter(c -> !c.equals("usmart_id")).toList(),
                "the selection is kept");
    }

    @Test
    void in_and_ne_withAwkwardValues() {
        List<Integer> want = expected(x -> x.site().equals(SITES[1]) || x.site().equals(SITES[3]) || x.site().equals(SITES[2]));
        assertEquals(want, read(usmart.read(rc).where(in("site", SITES[1], SITES[3], SITES[2]))));
        assertEquals(want, read(usmart.read(rc).where(in("site", List.of(SITES[1], SITES[3], SITES[2])))));
        assertEquals(expected(x -> !x.site().equals(SITES[4])), read(usmart.read(rc).where(ne("site", SITES[4]))));
    }

    @Test
    void numericLookingText_isSentAsText_andMatchesTheTextColumn() {
        // tag is a text column ("X1" is in it): "0131" must not become the number 131
        assertEquals(expected(x -> x.tag().equals("0131")), read(usmart.read(rc).where(eq("tag", "0131"))));
        assertTrue(usmart.read(rc).where(eq("tag", "0131")).url().contains("eq(tag,string:0131)"),
                usmart.read(rc).where(eq("tag", "0131")).url());
        assertEquals(expected(x -> x.tag().equals("405") || x.tag().equals("X1")), read(usmart.read(rc).where(in("tag", "405", "X1"))));
    }

    @Test
    void numbers_compareAsNumbers() {
        assertEquals(expected(x -> x.no2() != null && x.no2() > 40), read(usmart.read(rc).where(gt("no2", 40))));
        assertEquals(expected(x -> x.no2() != null && x.no2() >= 40.5), read(usmart.read(rc).where(ge("no2", 40.5))));
        assertEquals(expected(x -> x.count() < -10), read(usmart.read(rc).where(lt("count", -10))));
        assertEquals(expected(x -> x.count() <= 0L), read(usmart.read(rc).where(le("count", 0L))));
        assertEquals(expected(x -> x.wind() != null && x.wind() > 20), read(usmart.read(rc).where(gt("wind speed", 20))),
                "a column name with a space");
    }

    @Test
    void null_andExists() {
        assertEquals(expected(x -> x.no2() == null), read(usmart.read(rc).where(eq("no2", null))));
        assertEquals(expected(x -> x.no2() != null), read(usmart.read(rc).where(exists("no2"))));
    }

    @Test
    void datesAndTimes_areWrittenAsIsoUtc() {
        Instant from = START.plus(3, ChronoUnit.DAYS);
        assertEquals(expected(x -> x.ts() != null && !x.ts().isBefore(from)), read(usmart.read(rc).where(ge("timestamp", from))));
        LocalDateTime local = LocalDateTime.ofInstant(from, ZoneOffset.UTC);
        assertEquals(expected(x -> x.ts() != null && x.ts().isBefore(from)), read(usmart.read(rc).where(lt("timestamp", local))),
                "a LocalDateTime is UTC");
        assertEquals(expected(x -> x.day().isBefore(LocalDate.of(2026, 1, 6))),
                read(usmart.read(rc).where(lt("day", LocalDate.of(2026, 1, 6)))));
        assertEquals(expected(x -> x.ts() != null && x.ts().atOffset(ZoneOffset.ofHours(1)).toInstant().isAfter(from)),
                read(usmart.read(rc).where(gt("timestamp", from.atOffset(ZoneOffset.ofHours(1))))));
        // date math: from the start of the day before
        Instant dayBefore = from.truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        assertEquals(expected(x -> x.ts() != null && !x.ts().isBefore(dayBefore)),
                read(usmart.read(rc).where(ge("timestamp", from, "-1d", "d"))));
        Instant endOfDay = from.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        assertEquals(expected(x -> x.ts() != null && x.ts().isBefore(endOfDay)),
                read(usmart.read(rc).where(le("timestamp", from.toString(), "", "d"))));
    }

    @Test
    void logic_andOrNested() {
        assertEquals(expected(x -> x.site().equals(SITES[0]) || (x.count() > 200 && x.no2() != null && x.no2() < 20)),
                read(usmart.read(rc).where(or(eq("site", SITES[0]), and(gt("count", 200), lt("no2", 20))))));
        assertEquals(expected(x -> x.no2() != null && x.no2() > 40 && x.site().equals(SITES[0])),
                read(usmart.read(rc).where(gt("no2", 40), eq("site", SITES[0]))), "several filters are and-ed");
        assertEquals(expected(x -> x.no2() != null && x.no2() > 40 && x.site().equals(SITES[0])),
                read(usmart.read(rc).where(gt("no2", 40)).where(eq("site", SITES[0]))), "where twice is and-ed");
        assertEquals(expected(x -> x.site().equals(SITES[2]) || x.site().equals(SITES[3])),
                read(usmart.read(rc).where(eq("site", SITES[2]).or(eq("site", SITES[3])))));
        assertFalse(usmart.read(rc).where(or(eq("site", "a"), eq("site", "b"))).url().contains("%7C"), "or(..), never |");
    }

    @Test
    void text_reMatchMatchphrase() {
        assertEquals(expected(x -> x.site().startsWith("Qu")), read(usmart.read(rc).where(re("site", "Qu.*"))));
        assertEquals(expected(x -> x.site().equals(SITES[2])), read(usmart.read(rc).where(re("site", Pattern.quote(SITES[2])))),
                "a pattern with parentheses, + and non-ASCII");
        // match ranks by how many of the words a row holds, ties in published order
        List<String> words = List.of("traffic", "school");
        List<Integer> ranked = all.stream().filter(x -> words.stream().anyMatch(w -> wordsOf(x.note()).contains(w)))
                .sorted(Comparator.comparingLong((Reading x) -> -words.stream().filter(w -> wordsOf(x.note()).contains(w)).count()))
                .map(Reading::row).toList();
        assertEquals(ranked, read(usmart.read(rc).where(match("note", "traffic school"))));
        assertEquals(expected(x -> x.note().contains("heavy traffic")), read(usmart.read(rc).where(matchphrase("note", "heavy traffic"))));
    }

    private static List<String> wordsOf(String s) {
        return List.of(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
    }

    // ---- shape: sort, select, limit, offset

    @Test
    void sortSelectLimit() {
        Comparator<Reading> byNo2Desc = Comparator.comparing(Reading::no2, Comparator.nullsLast(Comparator.reverseOrder()));
        List<Integer> sorted = all.stream().sorted(byNo2Desc.thenComparing(Reading::count)).map(Reading::row).toList();
        Table t = usmart.read(rc).sort(desc("no2"), asc("count")).limit(50).table();
        assertEquals(sorted.subList(0, 50), rowsOf(t));
        Table page = usmart.read(rc).sort(desc("no2"), asc("count")).limit(20).offset(30).table();
        assertEquals(sorted.subList(30, 50), rowsOf(page));

        Table picked = usmart.read(rc).where(gt("no2", 40), eq("site", SITES[0])).sort(desc("no2"))
                .select("timestamp", "site", "no2", "wind speed").limit(500).table();
        assertEquals(List.of("timestamp", "site", "no2", "wind speed", "usmart_id"), picked.columnNames());
        List<Double> no2 = all.stream().filter(x -> x.no2() != null && x.no2() > 40 && x.site().equals(SITES[0]))
                .map(Reading::no2).sorted(Comparator.reverseOrder()).toList();
        assertEquals(no2, picked.doubleColumn("no2").asList());
        assertEquals(List.of(SITES[0]), new ArrayList<>(picked.stringColumn("site").asSet()));

        List<Integer> bySiteThenCount = all.stream().sorted(Comparator.comparing(Reading::site).thenComparing(Reading::count))
                .map(Reading::row).toList();
        assertEquals(bySiteThenCount, read(usmart.read(rc).sort("site", "count")), "sort(columns...) is ascending");
        assertEquals(100, usmart.read(rc).table().rowCount(), "100 rows by default");
    }

    // ---- typed columns

    @Test
    void table_typesColumnsFromTheJson() {
        Table t = usmart.read(rc).all().table();
        assertEquals(ROWS, t.rowCount());
        assertEquals(List.of("timestamp", "day", "site", "no2", "count", "tag", "note", "wind speed", "usmart_id"), t.columnNames());
        assertEquals(ColumnType.LOCAL_DATE_TIME, t.column("timestamp").type());
        assertEquals(ColumnType.LOCAL_DATE, t.column("day").type());
        assertEquals(ColumnType.STRING, t.column("site").type());
        assertEquals(ColumnType.DOUBLE, t.column("no2").type());
        assertEquals(ColumnType.LONG, t.column("count").type());
        assertEquals(ColumnType.STRING, t.column("tag").type(), "text that mostly looks numeric stays text");
        assertEquals(ColumnType.LONG, t.column("wind speed").type());
        assertEquals(ColumnType.STRING, t.column("usmart_id").type());
        DateTimeColumn ts = t.dateTimeColumn("timestamp");
        DateColumn day = t.dateColumn("day");
        DoubleColumn no2 = t.doubleColumn("no2");
        LongColumn count = t.longColumn("count");
        StringColumn tag = t.stringColumn("tag");
        for (Reading x : all) {
            int i = x.row();
            assertEquals(x.ts() == null ? null : LocalDateTime.ofInstant(x.ts(), ZoneOffset.UTC), ts.isMissing(i) ? null : ts.get(i),
                    "row " + i + ": offsets applied, UTC");
            assertEquals(x.day(), day.get(i));
            assertEquals(x.no2(), no2.isMissing(i) ? null : no2.get(i), "row " + i);
            assertEquals(x.count(), count.getLong(i));
            assertEquals(x.tag(), tag.get(i), "leading zeros kept");
            assertEquals(x.site(), t.stringColumn("site").get(i));
            assertEquals(x.note().isEmpty() ? "" : x.note(), t.stringColumn("note").get(i));
        }
    }

    @Test
    void usmartId_isOpaqueText_stableWithinARevision() {
        StringColumn a = usmart.read(rc).all().table().stringColumn("usmart_id");
        StringColumn b = usmart.read(rc).all().table().stringColumn("usmart_id");
        assertEquals(a.asList(), b.asList(), "the same ids on every read of one revision");
        assertEquals(ROWS, new HashSet<>(a.asList()).size(), "distinct");
        assertTrue(a.asList().stream().allMatch(id -> id.matches("[A-Za-z0-9_-]{20}")), a.get(0));
        assertFalse(a.asList().contains("1"), "not row numbers");
    }

    @Test
    void revisions_readEachPublication() throws IOException {
        List<Reading> first = readings(30, 5);
        List<Reading> second = readings(45, 6);
        Path dir = Files.createTempDirectory("revisions-");
        Dataset playground = usmart.dataset(PLAYGROUND);
        String fileGuid = playground.add(Files.writeString(dir.resolve("revs.csv"), csv(first))).fileGuid();
        String container = playground.createPipeline("csv-to-api", fileGuid).resourceContainerGuid();
        playground.refresh(container);
        assertTrue(playground.awaitProcessed(Duration.ofSeconds(60)).ok());
        List<String> idsOne = usmart.read(container).all().table().stringColumn("usmart_id").asList();
        playground.replace(fileGuid, Files.writeString(dir.resolve("revs.csv"), csv(second)));
        playground.refresh(container);
        assertTrue(playground.awaitProcessed(Duration.ofSeconds(60)).ok());

        Table one = usmart.read(container).revision(1).all().table();
        Table two = usmart.read(container).revision(2).all().table();
        Table latest = usmart.read(container).revision("latest").all().table();
        assertEquals(first.stream().map(Reading::count).toList(), one.longColumn("count").asList());
        assertEquals(second.stream().map(Reading::count).toList(), two.longColumn("count").asList());
        assertEquals(two.longColumn("count").asList(), latest.longColumn("count").asList());
        assertEquals(idsOne, one.stringColumn("usmart_id").asList(), "revision 1 is kept as it was");
        assertNotEquals(one.stringColumn("usmart_id").get(0), two.stringColumn("usmart_id").get(0), "new ids in a new revision");
        assertTrue(usmart.read(container).revision(2).url().contains("/" + container + "/2/urql?"));

        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.read(container).revision(3).table());
        assertFailure(e, "urql", container, 404);
    }

    // ---- aggregations, to tables

    @Test
    void aggregate_bySite_avgAndMax() {
        Table t = usmart.read(rc).aggregate(by("site"), avg("no2"), max("count")).table();
        assertEquals(List.of("site", "avg(no2)", "max(count)"), t.columnNames());
        Map<String, List<Reading>> bySite = all.stream().collect(Collectors.groupingBy(Reading::site));
        List<String> order = bySite.keySet().stream()
                .sorted(Comparator.comparingInt((String s) -> -bySite.get(s).size()).thenComparing(Comparator.naturalOrder())).toList();
        assertEquals(order, t.stringColumn("site").asList(), "groups by descending row count, ties by key");
        for (int i = 0; i < t.rowCount(); i++) {
            List<Reading> rs = bySite.get(t.stringColumn("site").get(i));
            double avg = rs.stream().filter(x -> x.no2() != null).mapToDouble(Reading::no2).average().orElseThrow();
            assertEquals(avg, t.numberColumn("avg(no2)").getDouble(i), 1e-9);
            assertEquals(rs.stream().mapToLong(Reading::count).max().orElseThrow(), t.numberColumn("max(count)").getDouble(i), 1e-9);
        }
    }

    @Test
    void aggregate_withFilter_twoLevels_andLimit() {
        Table t = usmart.read(rc).where(gt("count", 0)).aggregate(by("site", "tag").limit(2), count("no2")).table();
        assertEquals(List.of("site", "tag", "value_count(no2)"), t.columnNames());
        Map<String, Map<String, List<Reading>>> groups = all.stream().filter(x -> x.count() > 0)
                .collect(Collectors.groupingBy(Reading::site, Collectors.groupingBy(Reading::tag)));
        // each level: the buckets with most rows first, ties by key, at most 2
        List<String> pairs = new ArrayList<>();
        for (String site : top(groups.keySet(), k -> groups.get(k).values().stream().mapToInt(List::size).sum(), 2)) {
            for (String tag : top(groups.get(site).keySet(), k -> groups.get(site).get(k).size(), 2)) {
                pairs.add(site + "|" + tag + "|" + groups.get(site).get(tag).stream().filter(x -> x.no2() != null).count());
            }
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            got.add(t.stringColumn("site").get(i) + "|" + t.stringColumn("tag").get(i) + "|" + t.longColumn("value_count(no2)").getLong(i));
        }
        assertEquals(pairs, got);
    }

    private static List<String> top(Set<String> keys, java.util.function.ToIntFunction<String> rows, int n) {
        return keys.stream().sorted(Comparator.comparingInt((String k) -> -rows.applyAsInt(k)).thenComparing(Comparator.naturalOrder()))
                .limit(n).toList();
    }

    @Test
    void aggregate_withoutGroups_isOneRow() {
        Table t = usmart.read(rc).where(eq("site", SITES[2])).aggregate(sum("count"), min("no2"), max("timestamp")).table();
        assertEquals(1, t.rowCount());
        List<Reading> rs = all.stream().filter(x -> x.site().equals(SITES[2])).toList();
        assertEquals(rs.stream().mapToLong(Reading::count).sum(), t.numberColumn("sum(count)").getDouble(0), 1e-9);
        assertEquals(rs.stream().filter(x -> x.no2() != null).mapToDouble(Reading::no2).min().orElseThrow(),
                t.numberColumn("min(no2)").getDouble(0), 1e-9);
        Instant latest = rs.stream().map(Reading::ts).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElseThrow();
        assertEquals(LocalDateTime.ofInstant(latest, ZoneOffset.UTC), t.dateTimeColumn("max(timestamp)").get(0),
                "max of a timestamp column is a date-time");
    }

    @Test
    void stats_isOneRowOfFive() {
        Table t = usmart.read(rc).where(ne("site", SITES[0])).stats("no2");
        assertEquals(List.of("value_count(no2)", "sum(no2)", "avg(no2)", "min(no2)", "max(no2)"), t.columnNames());
        List<Double> v = all.stream().filter(x -> !x.site().equals(SITES[0]) && x.no2() != null).map(Reading::no2).toList();
        assertEquals(v.size(), t.longColumn("value_count(no2)").getLong(0));
        assertEquals(v.stream().mapToDouble(d -> d).sum(), t.doubleColumn("sum(no2)").getDouble(0), 1e-6);
        assertEquals(v.stream().mapToDouble(d -> d).average().orElseThrow(), t.doubleColumn("avg(no2)").getDouble(0), 1e-9);
        assertEquals(v.stream().mapToDouble(d -> d).min().orElseThrow(), t.doubleColumn("min(no2)").getDouble(0));
        assertEquals(v.stream().mapToDouble(d -> d).max().orElseThrow(), t.doubleColumn("max(no2)").getDouble(0));
    }

    @Test
    void histogram_byDay_everyBucketFromFirstToLast() {
        Table t = usmart.read(rc).histogram("timestamp", DAY, count("no2"), avg("no2")).table();
        assertEquals(List.of("timestamp", "value_count(no2)", "avg(no2)"), t.columnNames());
        assertEquals(ColumnType.LOCAL_DATE_TIME, t.column("timestamp").type());
        Map<LocalDate, List<Reading>> byDay = all.stream().filter(x -> x.ts() != null)
                .collect(Collectors.groupingBy(x -> LocalDate.ofInstant(x.ts(), ZoneOffset.UTC), TreeMap::new, Collectors.toList()));
        LocalDate first = ((TreeMap<LocalDate, List<Reading>>) byDay).firstKey();
        LocalDate last = ((TreeMap<LocalDate, List<Reading>>) byDay).lastKey();
        List<LocalDateTime> days = first.datesUntil(last.plusDays(1)).map(LocalDate::atStartOfDay).toList();
        assertEquals(days, t.dateTimeColumn("timestamp").asList());
        for (int i = 0; i < t.rowCount(); i++) {
            List<Reading> rs = byDay.getOrDefault(days.get(i).toLocalDate(), List.of());
            assertEquals(rs.stream().filter(x -> x.no2() != null).count(), t.longColumn("value_count(no2)").getLong(i));
        }
    }

    @Test
    void aggregate_bySiteThenDays() {
        Table t = usmart.read(rc).aggregate(by("site").histogram("timestamp", DAY), sum("count")).table();
        assertEquals(List.of("site", "timestamp", "sum(count)"), t.columnNames());
        Map<String, Long> sums = new LinkedHashMap<>();
        for (Reading x : all) {
            if (x.ts() != null) {
                sums.merge(x.site() + "|" + LocalDate.ofInstant(x.ts(), ZoneOffset.UTC), x.count(), Long::sum);
            }
        }
        for (int i = 0; i < t.rowCount(); i++) {
            String key = t.stringColumn("site").get(i) + "|" + t.dateTimeColumn("timestamp").get(i).toLocalDate();
            assertEquals(sums.getOrDefault(key, 0L), t.numberColumn("sum(count)").getDouble(i), 1e-9, key);
        }
        assertTrue(t.rowCount() >= sums.size(), "every bucket with rows is there (empty ones too)");
    }

    // ---- raw terms and the URL

    @Test
    void urql_rawTermsPassThrough_andUrlShowsTheQuery() {
        RowQuery q = usmart.read(rc).urql("gt(count,250)");
        assertEquals(expected(x -> x.count() > 250), read(q));
        assertTrue(q.url().endsWith("/" + rc + "/latest/urql?limit(100)&gt(count,250)"), q.url());
        RowQuery spaced = usmart.read(rc).urql("eq(site,North Park)");
        assertTrue(spaced.url().endsWith("eq(site,North%20Park)"), "a space is encoded: " + spaced.url());
        assertEquals(expected(x -> x.site().equals("North Park")), read(spaced));
        assertTrue(usmart.read(rc).all().url().contains("limit(-1)"));
    }

    @Test
    void badQueries_areBadRequestsWithTheirFields() {
        BadRequestException notNumber = assertThrows(BadRequestException.class, () -> usmart.read(rc).where(gt("no2", "high")).table());
        assertFailure(notNumber, "urql", rc, 400);
        BadRequestException avgOfText = assertThrows(BadRequestException.class,
                () -> usmart.read(rc).aggregate(by("site"), avg("note")).table());
        assertFailure(avgOfText, "urql", rc, 400);
        BadRequestException paging = assertThrows(BadRequestException.class, () -> usmart.read(rc).limit(100).offset(9950).table());
        assertFailure(paging, "urql", rc, 400);
        BadRequestException broken = assertThrows(BadRequestException.class, () -> usmart.read(rc).urql("lt(no2,40").table());
        assertFailure(broken, "urql", rc, 400);
        assertTrue(broken.serviceMessage().orElse("").contains("lt("), "the service names the term");

        // refused before any call
        assertFailure(assertThrows(BadRequestException.class, () -> usmart.read(rc).urql("limit(5)")), "urql", rc, 0);
        assertFailure(assertThrows(BadRequestException.class, () -> usmart.read(rc).urql("eq(a,%zz)")), "urql", rc, 0);
        assertFailure(assertThrows(BadRequestException.class, () -> usmart.read(rc).where()), "urql", rc, 0);
        assertFailure(assertThrows(BadRequestException.class, () -> usmart.read(rc).revision(0)), "urql", rc, 0);
        assertFailure(assertThrows(BadRequestException.class, () -> usmart.read(rc).aggregate(by("site"))), "urql", rc, 0);
    }

    static void assertFailure(USmartException e, String action, String guid, int status) {
        assertEquals(action, e.action(), e.getMessage());
        assertEquals(guid, e.guid().orElse(null), e.getMessage());
        assertEquals(status, e.status(), e.getMessage());
        assertFalse(e.whatToDo().isBlank(), "says what to do: " + e.getMessage());
    }

    @Test
    void unknownContainer_isNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.read(Sandboxes.MISSING).aggregate(count("x")).table());
        assertFailure(e, "urql", Sandboxes.MISSING, 404);
    }

    @Test
    void fixtureHoldsEveryCase() {
        Set<String> sites = all.stream().map(Reading::site).collect(Collectors.toSet());
        assertEquals(Set.of(SITES), sites, "every awkward site is in the published rows");
        assertTrue(IntStream.range(0, ROWS).anyMatch(i -> all.get(i).offsetWritten() && all.get(i).ts() != null));
    }
}

package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming reader of rows: typed columns from the JSON types, and widening that loses nothing. */
class RowsReaderTest {

    private static Table read(String json) throws IOException {
        return RowsReader.read("t", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void typesEachColumnByItsJson() throws IOException {
        Table t = read("[{\"n\":1,\"x\":1.5,\"ok\":true,\"s\":\"a\",\"ts\":\"2026-01-05T09:00:00Z\",\"d\":\"2026-01-05\",\"usmart_id\":\"AVvm5Awld_J1iIwX7HJx\"},"
                + "{\"n\":2,\"x\":2,\"ok\":false,\"s\":null,\"ts\":\"2026-01-05T10:30:00.250+01:00\",\"d\":\"2026-02-28\",\"usmart_id\":\"AVvm5Awld_J1iIwX7HJy\"}]");
        assertEquals(2, t.rowCount());
        assertEquals(ColumnType.LONG, t.column("n").type());
        assertEquals(ColumnType.DOUBLE, t.column("x").type());
        assertEquals(ColumnType.BOOLEAN, t.column("ok").type());
        assertEquals(ColumnType.STRING, t.column("s").type());
        assertEquals(ColumnType.LOCAL_DATE_TIME, t.column("ts").type());
        assertEquals(ColumnType.LOCAL_DATE, t.column("d").type());
        assertEquals(ColumnType.STRING, t.column("usmart_id").type());
        assertEquals(2.0, t.doubleColumn("x").get(1));
        assertTrue(t.column("s").isMissing(1));
        assertEquals(LocalDateTime.of(2026, 1, 5, 9, 30, 0, 250_000_000), t.dateTimeColumn("ts").get(1), "offset applied: UTC");
        assertEquals(LocalDate.of(2026, 2, 28), t.dateColumn("d").get(1));
    }

    @Test
    void idsAreTextEvenWhenNumbers_andValuesKeepTheirText() throws IOException {
        Table t = read("[{\"usmart_id\":17,\"tag\":\"0131\"},{\"usmart_id\":\"x-2\",\"tag\":\"414\"}]");
        assertEquals(List.of("17", "x-2"), t.stringColumn("usmart_id").asList());
        assertEquals(List.of("0131", "414"), t.stringColumn("tag").asList(), "text that looks numeric stays text");
    }

    @Test
    void keysFirstSeenLate_andRowsWithoutAKey_areMissingCells() throws IOException {
        Table t = read("[{\"a\":1},{\"a\":2,\"late\":\"x\"},{\"late\":\"y\"},{}]");
        assertEquals(List.of("a", "late"), t.columnNames());
        assertEquals(4, t.rowCount());
        assertTrue(t.column("late").isMissing(0));
        assertTrue(t.column("a").isMissing(2) && t.column("a").isMissing(3));
        assertEquals("y", t.stringColumn("late").get(2));
    }

    @Test
    void columnOfNullsOnly_isText() throws IOException {
        Table t = read("[{\"blank\":null},{\"blank\":null}]");
        assertEquals(ColumnType.STRING, t.column("blank").type());
        assertEquals(2, t.column("blank").countMissing());
    }

    @Test
    void wholeNumbers_widenToDouble_byAFractionOrAHugeNumber() throws IOException {
        Table t = read("[{\"v\":1},{\"v\":null},{\"v\":2.5},{\"v\":3}]");
        assertEquals(ColumnType.DOUBLE, t.column("v").type());
        assertEquals(Arrays.asList(1.0, null, 2.5, 3.0), doubles(t, "v"));
        Table huge = read("[{\"v\":1},{\"v\":123456789012345678901234567890}]");
        assertEquals(ColumnType.DOUBLE, huge.column("v").type());
        assertEquals(1.2345678901234568E29, huge.doubleColumn("v").get(1));
    }

    private static List<Double> doubles(Table t, String c) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            out.add(t.doubleColumn(c).isMissing(i) ? null : t.doubleColumn(c).get(i));
        }
        return out;
    }

    @Test
    void datesWidenToDateTimes_atMidnightUtc() throws IOException {
        Table t = read("[{\"d\":\"2026-01-05\"},{\"d\":\"2026-01-05T09:15\"}]");
        assertEquals(ColumnType.LOCAL_DATE_TIME, t.column("d").type());
        assertEquals(LocalDateTime.of(2026, 1, 5, 0, 0), t.dateTimeColumn("d").get(0));
        assertEquals(LocalDateTime.of(2026, 1, 5, 9, 15), t.dateTimeColumn("d").get(1));
    }

    @Test
    void timestampsThenText_becomeTextExactlyAsWritten() throws IOException {
        List<String> written = List.of("2026-01-05", "2026-01-05T09:00", "2026-01-05T09:00:07Z", "2026-01-05T09:00:07.5+01:00",
                "2026-01-05T09:00:07,125-0230", "2026-01-05T23:59:59.123456789+05", "2026-12-31T23:30:00.000000-01:00",
                "2026-06-01T00:00:00.000Z");
        StringBuilder sb = new StringBuilder("[");
        for (String w : written) {
            sb.append("{\"when\":\"").append(w).append("\"},");
        }
        sb.append("{\"when\":null},{\"when\":\"to be confirmed\"}]");
        Table t = read(sb.toString());
        assertEquals(ColumnType.STRING, t.column("when").type());
        List<String> back = new ArrayList<>(t.stringColumn("when").asList().subList(0, written.size()));
        assertEquals(written, back, "every timestamp given back as the service wrote it");
        assertTrue(t.column("when").isMissing(written.size()));
        assertEquals("to be confirmed", t.stringColumn("when").get(written.size() + 1));
    }

    @Test
    void numbersAndBooleansThenText_becomeText() throws IOException {
        Table t = read("[{\"v\":1},{\"v\":2.5},{\"v\":\"n/a\"},{\"v\":7}]");
        assertEquals(List.of("1", "2.5", "n/a", "7"), t.stringColumn("v").asList());
        Table b = read("[{\"v\":true},{\"v\":\"maybe\"}]");
        assertEquals(List.of("true", "maybe"), b.stringColumn("v").asList());
        Table n = read("[{\"v\":\"a\"},{\"v\":12.50}]");
        assertEquals(List.of("a", "12.50"), n.stringColumn("v").asList(), "a number after text keeps its written form");
    }

    @Test
    void objectsAndArraysInACell_areTheirJson() throws IOException {
        Table t = read("[{\"geo\":{\"type\":\"Point\",\"coordinates\":[-3.2,55.9]},\"tags\":[\"a\",\"b\"]}]");
        assertEquals("{\"type\":\"Point\",\"coordinates\":[-3.2,55.9]}", t.stringColumn("geo").get(0));
        assertEquals("[\"a\",\"b\"]", t.stringColumn("tags").get(0));
    }

    @Test
    void aKeyTwiceInARow_keepsTheFirst() throws IOException {
        Table t = read("[{\"a\":1,\"a\":2},{\"a\":3}]");
        assertEquals(List.of(1L, 3L), t.longColumn("a").asList());
    }

    @Test
    void envelope_emptyArray_andNonRows() throws IOException {
        assertEquals(2, read("{\"other\":[1],\"result\":[{\"a\":1},{\"a\":2}]}").rowCount());
        assertEquals(0, read("[]").columnCount());
        assertThrows(Answers.NotRows.class, () -> read("{\"rows\":[]}"));
        assertThrows(Answers.NotRows.class, () -> read("[1,2]"));
        assertThrows(Answers.NotRows.class, () -> read("\"text\""));
        assertThrows(Answers.NotRows.class, () -> read(""));
        assertThrows(JsonProcessingException.class, () -> read("<html>"));
        assertThrows(com.fasterxml.jackson.core.io.JsonEOFException.class, () -> read("[{\"a\":1},{\"a\""),
                "JSON that does not end (told from a broken stream by Answers)");
    }

    @Test
    void packedDateTimes_areTablesawsOwn() throws IOException {
        // the reader packs date-times itself: they must read back as Tablesaw packs them
        Table t = read("[{\"t\":\"1999-12-31T23:59:59.999Z\"},{\"t\":\"2026-02-28T00:00:00.001Z\"},{\"t\":\"0001-01-01T00:00Z\"}]");
        assertEquals(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_000_000), t.dateTimeColumn("t").get(0));
        assertEquals(LocalDateTime.of(2026, 2, 28, 0, 0, 0, 1_000_000), t.dateTimeColumn("t").get(1));
        assertEquals(LocalDateTime.of(1, 1, 1, 0, 0), t.dateTimeColumn("t").get(2));
        assertEquals(t.dateTimeColumn("t").getLongInternal(0),
                tech.tablesaw.columns.datetimes.PackedLocalDateTime.pack(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_000_000)));
    }
}

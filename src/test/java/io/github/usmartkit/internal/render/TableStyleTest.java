package io.github.usmartkit.internal.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

class TableStyleTest {

    private static final String GUID_A = "e5a73062-ed6c-4282-8262-b33ae725f02b";
    private static final String GUID_B = "c3c07df2-3773-45aa-8597-b78b38666096";

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void numbers_rightAligned_sameDecimalsDownAColumn_roundedToAboutFourDigits() {
        Table t = Table.create("means", StringColumn.create("site", "Central Library", "Station Street"),
                DoubleColumn.create("Mean [no2]", 21.2998, 41.814), DoubleColumn.create("pm25", 11.7, 15),
                IntColumn.create("n", 5, 500));
        List<String> l = lines(TableStyle.text(t, null, 10));
        assertEquals("site             Mean [no2]  pm25    n", l.get(0));
        assertEquals("---------------  ----------  ----  ---", l.get(1));
        assertEquals("Central Library       21.30  11.7    5", l.get(2));
        assertEquals("Station Street        41.81  15.0  500", l.get(3));
    }

    @Test
    void decimals_followTheMagnitude_andNeverExceedWhatValuesNeed() {
        assertEquals(List.of("0.001234", "0.000500"), cells(DoubleColumn.create("x", 0.001234, 0.0005)));
        assertEquals(List.of("12346", "3"), cells(DoubleColumn.create("x", 12345.6, 3)));
        assertEquals(List.of("1", "2"), cells(DoubleColumn.create("x", 1, 2)));
        assertEquals(List.of("0", ""), cells(DoubleColumn.create("x", 0, Double.NaN)), "NaN is Tablesaw's missing value");
    }

    private static List<String> cells(DoubleColumn c) {
        List<String> l = lines(TableStyle.text(Table.create("t", c), null, 10));
        return l.subList(2, l.size()).stream().map(String::strip).toList();
    }

    @Test
    void emptyColumns_areLeftOut_inBothViews_butKeptInTheTable() {
        Table t = Table.create("p", StringColumn.create("status", "complete", "queued"),
                StringColumn.create("failureReason", new String[] {null, ""}), LongColumn.create("rows", 2000, 3));
        String text = TableStyle.text(t, null, 10);
        assertFalse(text.contains("failureReason"), text);
        assertFalse(TableStyle.html(t, null, 10).contains("failureReason"));
        assertEquals(3, t.columnCount());
        Table none = Table.create("p", StringColumn.create("failureReason"));
        assertTrue(TableStyle.text(none, null, 10).contains("failureReason"), "a table without rows still shows its header");
    }

    @Test
    void guids_shortenedInTheTerminal_fullInHtml() {
        Table t = Table.create("p", StringColumn.create("resourceContainerGUID", GUID_A, GUID_B),
                StringColumn.create("note", GUID_A, "not a guid"));
        String text = TableStyle.text(t, null, 10);
        assertEquals("e5a73062…" + " ".repeat(14) + GUID_A, lines(text).get(2), "a column not all GUIDs keeps them whole");
        assertEquals("c3c07df2…" + " ".repeat(14) + "not a guid", lines(text).get(3));
        String html = TableStyle.html(t, null, 10);
        assertTrue(html.contains(GUID_A) && html.contains(GUID_B), html);
        assertEquals(GUID_A, t.stringColumn("resourceContainerGUID").get(0), "the table keeps the full value");
    }

    @Test
    void wholeGuids_onTheCommandLine_areNeverCut_aColumnIsLeftOutInstead() {
        Table t = Table.create("p", StringColumn.create("resourceContainerGUID", GUID_A), StringColumn.create("pipelineId", "csv-to-api"),
                StringColumn.create("status", "complete"), StringColumn.create("lastProcessed", "2026-11-27T10:00:00Z"),
                StringColumn.create("fileGUID", GUID_B));
        String shortText = TableStyle.text(t, null, 10, 80);
        assertTrue(shortText.contains(GUID_A.substring(0, 8) + "…") && !shortText.contains(GUID_A), shortText);
        assertTrue(shortText.contains("fileGUID"), shortText);

        // each whole GUID gets the 27 characters it takes over a short one: the same columns show
        String whole = TableStyle.wholeGuids(() -> TableStyle.text(t, null, 10, 80));
        assertTrue(whole.contains(GUID_A) && whole.contains(GUID_B), whole);
        assertTrue(whole.lines().allMatch(l -> l.length() <= 80 + 2 * 27), whole);
        assertEquals(GUID_A, TableStyle.wholeGuids(() -> TableStyle.shortGuid(GUID_A)));
        assertEquals(shortText, TableStyle.text(t, null, 10, 80), "the setting ends with the work it was given");

        // past the widest a command line gets, a GUID is still never cut: a column is left out instead
        Table wide = Table.create("w", StringColumn.create("a", GUID_A), StringColumn.create("b", GUID_B),
                StringColumn.create("c", GUID_A), StringColumn.create("d", GUID_B), StringColumn.create("e", GUID_A));
        String narrow = TableStyle.wholeGuids(() -> TableStyle.text(wide, null, 10, 100));
        assertTrue(narrow.contains("not shown: e"), narrow);
        assertEquals(List.of(GUID_A, GUID_B, GUID_A, GUID_B), List.of(lines(narrow).get(2).split(" +")), narrow);
        assertTrue(narrow.lines().allMatch(l -> l.length() <= TableStyle.WHOLE_WIDTH), narrow);
    }

    @Test
    void caps_withNMoreRows_singularAndPlural() {
        Table t = Table.create("r", IntColumn.indexColumn("i", 12, 0));
        String text = TableStyle.text(t, "r", 10);
        assertTrue(text.endsWith("\n… 2 more rows\n"), text);
        assertEquals(14, lines(text).size(), "caption, header, rule, 10 rows, the more line");
        assertTrue(TableStyle.text(t, null, 11).endsWith("… 1 more row\n"));
        String html = TableStyle.html(t, null, 10);
        assertEquals(11, html.split("<tr>", -1).length - 1, "header + 10 rows");
        assertTrue(html.contains(">2 more rows<"), html);
        assertEquals("1 row", TableStyle.rows(1));
        assertEquals("2 rows", TableStyle.rows(2));
        assertEquals("0 rows", TableStyle.rows(0));
    }

    @Test
    void html_escapesEverything_andUsesNoScript() {
        Table t = Table.create("<t>", StringColumn.create("<b>", "<script>alert(1)</script>", "a&b\"'"));
        String html = TableStyle.html(t, "<cap>", 10);
        assertFalse(html.contains("<script") || html.contains("<b>") || html.contains("<cap>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("a&amp;b&quot;&#39;")
                && html.contains("&lt;cap&gt;"), html);
    }

    @Test
    void text_fits120Columns_byCuttingTheWidestTextCellsToReadable_thenLeavingOutColumnsFromTheRight() {
        String url = "https://example.org/very/long/landing/page/for/the/dataset/" + "x".repeat(60);
        Table t = Table.create("c", StringColumn.create("guid", GUID_A), StringColumn.create("title", "Air quality readings"),
                StringColumn.create("keywords", "air quality, pollution, no2, pm10, pm25"), StringColumn.create("landingPage", url),
                StringColumn.create("description", "d".repeat(200)));
        String text = TableStyle.text(t, null, 10);
        for (String line : lines(text)) {
            assertTrue(line.length() <= 120, line.length() + ": " + line);
        }
        assertTrue(text.contains("Air quality readings") && text.contains("…"), text);
        String narrow = TableStyle.text(t, null, 10, 40);
        // columns are left out from the right before the rest are cut to stubs: the title stays readable
        assertTrue(narrow.replace("\n", " ").contains("… 3 more columns not shown: keywords, landingPage, description"), narrow);
        assertTrue(narrow.contains("Air quality readings"), narrow);
        for (String line : lines(narrow)) {
            assertTrue(line.length() <= 40, line.length() + ": " + line);
        }
    }

    @Test
    void longCells_cutAt40_newlinesFlattened_noTrailingSpaces() {
        Table t = Table.create("t", StringColumn.create("a", "x".repeat(50), "two\nlines"), StringColumn.create("b", "", ""));
        List<String> l = lines(TableStyle.text(t, null, 10, 40));
        assertEquals("x".repeat(39) + "…", l.get(2));
        assertEquals("two lines", l.get(3));
        for (String line : l) {
            assertEquals(line.stripTrailing(), line);
        }
    }

    @Test
    void longCells_takeTheWidthTheTableLeavesUnused() {
        Table t = Table.create("t", StringColumn.create("step", "replace"), StringColumn.create("detail", "d".repeat(150)));
        List<String> l = lines(TableStyle.text(t, null, 10));
        assertEquals(120, l.get(2).length(), "the detail column fills the line: " + l.get(2));
        assertTrue(l.get(2).endsWith("d…"), l.get(2));
        Table shortOnes = Table.create("t", StringColumn.create("a", "y".repeat(60)));
        assertEquals("y".repeat(60), lines(TableStyle.text(shortOnes, null, 10)).get(2), "shown whole when it fits");
    }

    @Test
    void byteSizes_oneBinaryUnit_inTheTableAndItsViews() {
        Table t = Columns.<Long>of().bytes("size", v -> v).number("exact", v -> v).table("f", java.util.Arrays.asList(98443L, 143L, null));
        String text = TableStyle.text(t, null, 10);
        assertTrue(text.contains("96.1 KiB") && text.contains("   143 B"), text);
        assertEquals(98443L, t.longColumn("size").get(0), "the table holds exact bytes");
        assertTrue(t.where(t.longColumn("size").isGreaterThan(1000)).longColumn("size").getString(0).equals("96.1 KiB"),
                "Tablesaw keeps the formatter through where()");
        assertTrue(t.print().contains("96.1 KiB"), "and through its own print()");
    }

    @Test
    void bytes_labelsBinaryUnitsTruthfully() {
        assertEquals("0 B", Bytes.format(0));
        assertEquals("1023 B", Bytes.format(1023));
        assertEquals("1.0 KiB", Bytes.format(1024));
        assertEquals("1.0 MiB", Bytes.format(1024 * 1024 - 1));
        assertEquals("5.0 GiB", Bytes.format(5L * 1024 * 1024 * 1024));
        assertEquals("", Bytes.format((Long) null));
    }

    @Test
    void aUsersOwnNumberFormat_isKept() {
        DoubleColumn share = DoubleColumn.create("share", 0.25, 0.5);
        share.setPrintFormatter(NumberColumnFormatter.percent(0));
        String text = TableStyle.text(Table.create("t", share), null, 10);
        assertTrue(text.contains("25%") && text.contains("50%"), text);
    }

    @Test
    void wrap_breaksAtSpaces() {
        assertEquals("one two\nthree\n", TableStyle.wrap("one two three", 8));
    }
}

package io.github.usmartkit.internal.preflight;

import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.upload.PreflightReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local check of files before upload: each malformation with its line, column and advice. */
class PreflightTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private PreflightReport check(Path p) {
        return Preflight.check(p, p.getFileName().toString(), "file:updateRevision", "f-1");
    }

    private PreflightFailedException refused(String text) throws IOException {
        Path p = file("bad.csv", text);
        return assertThrows(PreflightFailedException.class, () -> check(p));
    }

    @Test
    void goodCsv_countsRowsSkipsBlankLinesAndClassesColumns() throws IOException {
        PreflightReport r = check(file("ok.csv", "\uFEFFtime,site,no2\r\n2026-01-01,\"Leith, North\",12.5\r\n\r\n2026-01-02,\"multi\nline\",\n"
                + "2026-01-03,\"say \"\"hi\"\"\",n/a\n"));
        assertEquals("csv", r.format());
        assertEquals(3L, r.rows());
        assertEquals(List.of("time", "site", "no2"), r.columns(), "the byte order mark is dropped from the first name");
        assertEquals(List.of(), r.numericColumns());
        assertEquals(Map.of("time", "line 2: \"2026-01-01\"", "site", "line 2: \"Leith, North\"", "no2", "line 6: \"n/a\""), r.firstText());
        PreflightReport n = check(file("n.csv", "a,b\n1,-2.5e3\n,7\n"));
        assertEquals(List.of("a", "b"), n.numericColumns());
        assertTrue(n.toText().contains("2 row(s) × 2 column(s)"), n.toText());
    }

    @Test
    void raggedRow_namesLineColumnAndWhatToDo() throws IOException {
        PreflightFailedException e = refused("timestamp,site,no2,pm10,pm25\n2026-01-01,A,1,2,3\n2026-01-02,B,1,2\n");
        assertEquals(3, e.line());
        assertEquals(16, e.column(), "the end of the short row");
        assertEquals("file:updateRevision", e.action());
        assertTrue(e.what().contains("bad.csv line 3, column 16: the row has 4 field(s) but the header has 5"), e.what());
        assertTrue(e.whatToDo().contains("Add the missing 1 field(s)") && e.whatToDo().contains("nothing was sent"), e.whatToDo());
        PreflightFailedException wide = refused("a,b\n1,2\n3,Leith, North\n");
        assertEquals(3, wide.line());
        assertEquals(9, wide.column(), "where the extra field starts");
        assertTrue(wide.whatToDo().contains("Quote fields that contain a comma"), wide.whatToDo());
    }

    @Test
    void header_emptyOrRepeatedNamesAndEmptyFirstLine() throws IOException {
        PreflightFailedException empty = refused("a,,c\n1,2,3\n");
        assertEquals(1, empty.line());
        assertEquals(3, empty.column());
        assertTrue(empty.what().contains("column 2 of the header has no name"), empty.what());
        PreflightFailedException twice = refused("site,value,site\nA,1,B\n");
        assertEquals(12, twice.column());
        assertTrue(twice.what().contains("'site' appears twice (columns 1 and 3)"), twice.what());
        PreflightFailedException blank = refused("\na,b\n1,2\n");
        assertTrue(blank.what().contains("the first line is empty"), blank.what());
    }

    @Test
    void quotes_unclosedBareAndTextAfterClosing() throws IOException {
        PreflightFailedException open = refused("a,b\n1,2\n3,\"never closed\n4,5\n");
        assertEquals(3, open.line());
        assertEquals(3, open.column(), "where the quote opens, not the end of the file");
        assertTrue(open.what().contains("never closed"), open.what());
        PreflightFailedException bare = refused("a,b\n1,say \"hi\"\n");
        assertEquals(2, bare.line());
        assertEquals(3, bare.column());
        assertTrue(bare.what().contains("a quote inside an unquoted field"), bare.what());
        PreflightFailedException after = refused("a,b\n\"x\"y,2\n");
        assertEquals(2, after.line());
        assertTrue(after.what().contains("text after a closing quote"), after.what());
    }

    @Test
    void notUtf8_namesLineAndColumnOfTheBadByte() throws IOException {
        byte[] latin1 = "a,b\n1,2\n3,Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path p = Files.write(dir.resolve("latin1.csv"), latin1);
        PreflightFailedException e = assertThrows(PreflightFailedException.class, () -> check(p));
        assertEquals(3, e.line());
        assertEquals(6, e.column());
        assertTrue(e.what().contains("are not UTF-8") && e.whatToDo().contains("CSV UTF-8"), e.getMessage());
    }

    @Test
    void json_parsesOrNamesThePlace_otherFilesPass() throws IOException {
        assertEquals("json", check(file("a.json", "[{\"a\": 1}]")).format());
        PreflightFailedException bad = assertThrows(PreflightFailedException.class, () -> check(file("b.json", "[{\"a\": 1},\n {\"b\": }]")));
        assertEquals(2, bad.line());
        PreflightFailedException geo = assertThrows(PreflightFailedException.class, () -> check(file("c.geojson", "[1, 2]")));
        assertTrue(geo.what().contains("GeoJSON must be one JSON object"), geo.what());
        PreflightReport other = check(file("d.xlsx", "PK\u0003\u0004 not really"));
        assertEquals("other", other.format());
        assertNull(other.rows());
        assertFalse(other.csv());
    }

    @Test
    void semicolonOrTabSeparated_isNamedAsSuch_beforeAnyRowIsCounted() throws IOException {
        // Excel in a locale with decimal commas: the first row's commas would otherwise make "4 fields, header 1"
        PreflightFailedException semi = refused("\uFEFFtimestamp;site;no2;pm10\n2026-02-01T00:00:00Z;North Park;12,5;14,0\n");
        assertEquals(1, semi.line());
        assertTrue(semi.what().contains("has no comma but 3 semicolon(s)") && semi.what().contains("semicolon-separated"), semi.what());
        assertTrue(semi.whatToDo().contains("commas between fields"), semi.whatToDo());
        // without decimal commas every row is one field: it would pass as a one-column CSV
        assertTrue(refused("a;b\n1;2\n").what().contains("semicolon-separated"));
        assertTrue(refused("a\tb\tc\r\n1\t2\t3\r\n").what().contains("has no comma but 2 tab(s)"));
        // a semicolon inside comma-separated names, or in a quoted one, is the CSV check's business
        assertEquals(List.of("a;x", "b"), check(file("ok.csv", "a;x,b\n1,2\n")).columns());
        assertEquals(List.of("a;b"), check(file("quoted.csv", "\"a;b\"\n1\n")).columns());
        assertEquals(List.of("site"), check(file("one.csv", "site\nNorth Park\n")).columns());
    }
}

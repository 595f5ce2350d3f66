package io.github.usmartkit.internal.preflight;

import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.upload.PreflightReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast pass of the CSV preflight against the Jackson-based check, which defines the rules:
 * whatever the fast pass accepts, Jackson's check accepts with the same report; what it refuses
 * goes to Jackson's check (which names the fault). Random inputs built from the pieces CSV files
 * are made of, well-formed or not, and large files whose fields and UTF-8 sequences straddle the
 * fast pass's buffer. The fast pass reads 64 bytes at a time (a mask of its stops); so every
 * construct is also tried at every offset from a block's start and from the buffer's end, and
 * every input again through buffers of a few blocks, which it then refills at every other field.
 */
class CsvScanTest {

    @TempDir
    Path dir;

    private static final String[] PIECES = {"a", "b", "site", "12", "-3.5", "1e3", "+7", ".5", "1.", "e5", "x y", " ", "\t",
        ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"\"", "\"q\"", "\"a,b\"", "\"multi\nline\"", "\"say \"\"hi\"\"\"", "é", "€", "𝄞",
        "\uFEFF", "n/a", ""};

    private static final String[] FIELDS = {"", "1", "-2.5", "3e4", "x", "n/a", "Zoë", "\"\"", "\"12\"", "\"a,b\"", "\"two\nlines\"",
        "\"cr\rlf\r\n\"", "\"q\"\"q\"", "\"x\" ", " 5", "𝄞"};

    /** Buffers of two blocks and a little more: refilled all the time, at every offset. */
    private static final int[] SMALL = {128, 131, 200};

    private PreflightReport fast(byte[] bytes) throws IOException {
        return CsvScan.scan(new ByteArrayInputStream(bytes), "f.csv", bytes.length);
    }

    private PreflightReport fast(byte[] bytes, int capacity) throws IOException {
        return CsvScan.scan(new ByteArrayInputStream(bytes), "f.csv", bytes.length, capacity);
    }

    /**
     * The fast pass, with its own buffer and small ones, against Jackson's check: what it accepts,
     * Jackson's accepts with the same report; what Jackson's accepts, it accepts too (with a small
     * buffer, unless a field is too long for it: then the full buffer accepts it). True if accepted.
     */
    private boolean agrees(byte[] bytes) throws IOException {
        Object j = jackson(bytes);
        PreflightReport f = fast(bytes);
        if (f != null) {
            if (!(j instanceof PreflightReport)) {
                fail("the fast pass accepted what Jackson's check refuses: " + show(bytes) + " → " + ((Exception) j).getMessage());
            }
            assertEquals(j, f, "reports differ for " + show(bytes));
        } else if (j instanceof PreflightReport) {
            fail("Jackson's check accepts what the fast pass left to it: " + show(bytes));
        }
        for (int capacity : SMALL) {
            PreflightReport small = fast(bytes, capacity);
            if (small != null) {
                assertEquals(f, small, "buffer of " + capacity + ": " + show(bytes));
            }
        }
        return f != null;
    }

    private Object jackson(byte[] bytes) throws IOException {
        Path p = dir.resolve("f.csv");
        Files.write(p, bytes);
        try {
            return Preflight.csvWithJackson(p, bytes.length, "file:create", null);
        } catch (PreflightFailedException e) {
            return e;
        }
    }

    @Test
    void randomInputs_whatTheFastPassAcceptsJacksonAcceptsAlike() throws IOException {
        Random r = new Random(13);
        int accepted = 0;
        int refused = 0;
        int bothRefused = 0;
        for (int i = 0; i < 6000; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (r.nextBoolean()) {
                // rows of three fields, then perhaps one piece put anywhere
                StringBuilder sb = new StringBuilder(r.nextInt(4) == 0 ? "\uFEFF" : "").append("t,site,v\n");
                int rows = r.nextInt(6);
                for (int k = 0; k < rows; k++) {
                    for (int c = 0; c < 3; c++) {
                        sb.append(c == 0 ? "" : ",").append(FIELDS[r.nextInt(FIELDS.length)]);
                    }
                    sb.append(r.nextInt(5) == 0 ? "\r\n" : r.nextInt(8) == 0 ? "\r" : r.nextInt(6) == 0 ? "\n\n" : "\n");
                }
                if (r.nextBoolean()) {
                    sb.insert(r.nextInt(sb.length() + 1), PIECES[r.nextInt(PIECES.length)]);
                }
                out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                if (r.nextInt(3) > 0) {
                    out.writeBytes("t,site,v\n".getBytes(StandardCharsets.UTF_8));
                }
                int n = 1 + r.nextInt(24);
                for (int k = 0; k < n; k++) {
                    out.writeBytes(PIECES[r.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            if (r.nextInt(20) == 0) {
                out.write(0xE9); // Latin-1 é: not UTF-8
            }
            byte[] bytes = out.toByteArray();
            if (bytes.length == 0) {
                continue;
            }
            PreflightReport f = fast(bytes);
            Object j = jackson(bytes);
            for (int capacity : SMALL) {
                PreflightReport small = fast(bytes, capacity);
                if (small != null || f == null || bytes.length < capacity - 64) {
                    assertEquals(f, small, "buffer of " + capacity + ": " + show(bytes));
                }
            }
            if (f != null) {
                accepted++;
                if (!(j instanceof PreflightReport)) {
                    fail("the fast pass accepted what Jackson's check refuses: " + show(bytes) + " → " + ((Exception) j).getMessage());
                }
                assertEquals(j, f, "reports differ for " + show(bytes));
            } else if (j instanceof PreflightReport) {
                refused++;
            } else {
                bothRefused++;
            }
        }
        assertTrue(accepted > 500 && bothRefused > 500, "the inputs try both sides: " + accepted + " accepted, " + bothRefused + " refused");
        assertEquals(0, refused, "inputs Jackson's check accepts but the fast pass left to it (correct, only slower)");
    }

    @Test
    void wellFormedFiles_areAcceptedByTheFastPass() throws IOException {
        String[] good = {"\uFEFFtime,site,no2\r\n2026-01-01,\"Leith, North\",12.5\r\n\r\n2026-01-02,\"multi\nline\",\n"
                + "2026-01-03,\"say \"\"hi\"\"\",n/a\n", "a,b\n1,-2.5e3\n,7\n", "a,b\r1,2\r", "a,b\n1,2", "a,b\n\"x\" ,2\n",
            "name,town\nZoë,Málaga\n€,𝄞\n", "a\n\n\n1\n"};
        for (String g : good) {
            byte[] b = g.getBytes(StandardCharsets.UTF_8);
            PreflightReport f = fast(b);
            assertNotNull(f, "not accepted by the fast pass: " + show(b));
            assertEquals(jackson(b), f);
        }
        assertEquals(3L, fast("\uFEFFtime,site,no2\r\n2026-01-01,\"Leith, North\",12.5\r\n\r\n2026-01-02,\"multi\nline\",\n2026-01-03,x,n/a\n"
                .getBytes(StandardCharsets.UTF_8)).rows());
    }

    @Test
    void malformedFiles_areLeftToJacksonsCheck() throws IOException {
        String[] bad = {"a,,c\n1,2,3\n", "site,value,site\nA,1,B\n", "\na,b\n1,2\n", "a,b\n1,2\n3,\"never closed\n4,5\n",
            "a,b\n1,say \"hi\"\n", "a,b\n\"x\"y,2\n", "a,b\n1,2,3\n", "a,b,c\n1,2\n", "\uFEFF"};
        for (String s : bad) {
            assertNull(fast(s.getBytes(StandardCharsets.UTF_8)), s);
        }
        assertNull(fast("a,b\n3,Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertNull(fast(new byte[] {'a', '\n', (byte) 0xE2, (byte) 0x82}), "a sequence cut short by the end");
        assertNull(fast(new byte[] {'a', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80}), "an encoded surrogate");
        assertNull(fast(new byte[] {'a', '\n', (byte) 0xC0, (byte) 0x80}), "an overlong form");
    }

    @Test
    void largeFiles_fieldsAndCharactersAcrossTheBuffer_sameReportAsJackson() throws IOException {
        Random r = new Random(5);
        for (int round = 0; round < 3; round++) {
            StringBuilder sb = new StringBuilder("when,who,what,n\n");
            while (sb.length() < 3 * CsvScan.BUFFER) {
                sb.append(r.nextInt(100000)).append(',');
                sb.append(r.nextBoolean() ? "\"Zoë, \"\"the\"\" 𝄞\nsecond line\"" : "Málaga €").append(',');
                sb.append("x".repeat(r.nextInt(3000))).append(',');
                sb.append(round == 2 && sb.length() > 2 * CsvScan.BUFFER ? "n/a" : String.valueOf(r.nextDouble())).append(r.nextBoolean() ? "\n" : "\r\n");
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            PreflightReport f = fast(b);
            assertNotNull(f, "round " + round);
            assertEquals(jackson(b), f, "round " + round);
        }
        // one field longer than the buffer: left to Jackson's check, which accepts it
        byte[] huge = ("a,b\n1,\"" + "y".repeat(CsvScan.BUFFER + 10) + "\"\n").getBytes(StandardCharsets.UTF_8);
        assertNull(fast(huge));
        assertTrue(jackson(huge) instanceof PreflightReport);
    }

    /**
     * Each construct the fast pass looks at on its own (a quoted field, CR and CRLF, UTF-8 of two,
     * three and four bytes, a tab) and each fault (bytes that are not UTF-8, sequences cut short,
     * a bare quote) at every offset from the start of a block (and so of a word), in the first
     * field, a middle one and the last.
     */
    @Test
    void everyConstructAtEveryOffsetOfABlock_sameAsJackson() throws IOException {
        String[] good = {"é", "€", "𝄞", "\"q,\"\"x\"\"\n2\"", "\t", "\"\"", "Zoë 𝄞 €"};
        byte[][] bad = {{(byte) 0xE9}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9D, (byte) 0x84},
            {(byte) 0xFF}, {'x', '"', 'y'}, {'"', 'x', '"', 'y'}};
        int accepted = 0;
        int refused = 0;
        for (int pad = 0; pad < 72; pad++) {
            String x = "x".repeat(pad); // a row before it moves it by one byte each time
            {
                String end = new String[] {"\n", "\r\n", "\r"}[pad % 3]; // each line end at a third of the offsets, for time
                String before = "a,b,c" + end + x + ",2,3" + end;
                for (String g : good) {
                    for (int at = 0; at < 3; at++) {
                        for (String around : g.startsWith("\"") ? new String[] {""} : new String[] {"", "v"}) {
                            String[] row = {"1", "2", "3"};
                            row[at] = around + g + around;
                            if (agrees((before + String.join(",", row) + end + "4,5,6" + end).getBytes(StandardCharsets.UTF_8))) {
                                accepted++;
                            }
                        }
                    }
                }
                for (byte[] fault : bad) {
                    for (int at = 0; at < 3; at++) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        out.writeBytes((before + (at == 0 ? "" : at == 1 ? "1," : "1,2,")).getBytes(StandardCharsets.UTF_8));
                        out.writeBytes(fault);
                        out.writeBytes(((at == 0 ? ",2,3" : at == 1 ? ",3" : "") + end + "4,5,6" + end).getBytes(StandardCharsets.UTF_8));
                        if (!agrees(out.toByteArray())) {
                            refused++;
                        }
                    }
                    // the same at the very end of the input (a sequence cut short by it)
                    ByteArrayOutputStream cut = new ByteArrayOutputStream();
                    cut.writeBytes((before + "1,2,").getBytes(StandardCharsets.UTF_8));
                    cut.writeBytes(fault);
                    agrees(cut.toByteArray());
                }
            }
        }
        assertTrue(accepted > 1000 && refused > 500, accepted + " accepted, " + refused + " refused");
    }

    /**
     * Every byte of a well-formed file, one at a time, replaced by a byte that matters (not
     * UTF-8, a continuation byte, a lead byte, a quote, a separator, a line end, a blank): the
     * fast pass takes or leaves each file as Jackson's check does.
     */
    @Test
    void everyByteReplaced_sameAsJackson() throws IOException {
        byte[] base = "\uFEFFwhen,where,n,note\r\n2026-01-01,\"Leith, North\",12.5,Zoë\r\n2026-01-02,€ 𝄞,-3,\"say \"\"hi\"\"\"\n\n2026-01-03,x,1e3,\"two\nlines\"\r"
                .getBytes(StandardCharsets.UTF_8);
        byte[] with = {(byte) 0xFF, (byte) 0x80, (byte) 0xC3, (byte) 0xE2, (byte) 0xF0, '"', ',', '\n', '\r', ' ', '\t', '7', 0};
        assertTrue(agrees(base));
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < base.length; i++) {
            for (byte w : with) {
                byte[] b = base.clone();
                b[i] = w;
                if (agrees(b)) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        assertTrue(accepted > 100 && refused > 500, accepted + " accepted, " + refused + " refused");
    }

    /**
     * The buffer's end: the first read fills a part of the buffer, whose last block ends there;
     * each construct just before it (a CR whose LF is not read yet, a UTF-8 sequence cut by it, a
     * quote) is read on byte by byte.
     */
    @Test
    void constructsAtTheEndOfTheFirstRead_sameAsJackson() throws IOException {
        String[] probes = {"\r\n", "\r", "€", "𝄞", "é", "\"q\"", "\"a,\"\"b\"\"\"", "\"\""};
        int read = CsvScan.READ;
        for (int back = 1; back <= 9; back++) {
            int at = read - back; // where the probe's first byte goes
            for (String probe : probes) {
                boolean quote = probe.startsWith("\"");
                StringBuilder sb = new StringBuilder("a,b\n");
                while (sb.length() < at - 60) {
                    sb.append(sb.length() % 97).append(",text\n");
                }
                // quoted: "1,yyy\n3," before it; else "1,yyy" before it
                int ys = at - sb.length() - 2 - (quote ? 3 : 0);
                sb.append("1,").append("y".repeat(ys));
                sb.append(quote ? "\n3," + probe + "\n" : probe.startsWith("\r") ? probe + "2,z\n" : probe + "\n");
                assertEquals(at, sb.indexOf(probe), probe);
                sb.append("4,5\n");
                assertTrue(agrees(sb.toString().getBytes(StandardCharsets.UTF_8)), probe + " " + back);
            }
        }
    }

    private static String show(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xFF;
            sb.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '"' ? "\\\"" : c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
                    : String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }
}

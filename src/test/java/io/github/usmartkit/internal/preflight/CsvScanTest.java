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
 * fast pass's buffer.
 */
class CsvScanTest {

    @TempDir
    Path dir;

    private static final String[] PIECES = {"a", "b", "site", "12", "-3.5", "1e3", "+7", ".5", "1.", "e5", "x y", " ", "\t",
        ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"\"", "\"q\"", "\"a,b\"", "\"multi\nline\"", "\"say \"\"hi\"\"\"", "é", "€", "𝄞",
        "\uFEFF", "n/a", ""};

    private static final String[] FIELDS = {"", "1", "-2.5", "3e4", "x", "n/a", "Zoë", "\"\"", "\"12\"", "\"a,b\"", "\"two\nlines\"",
        "\"cr\rlf\r\n\"", "\"q\"\"q\"", "\"x\" ", " 5", "𝄞"};

    private PreflightReport fast(byte[] bytes) throws IOException {
        return CsvScan.scan(new ByteArrayInputStream(bytes), "f.csv", bytes.length);
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

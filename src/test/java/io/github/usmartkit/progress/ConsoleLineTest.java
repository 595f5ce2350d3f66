package io.github.usmartkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLineTest {

    @Test
    void redrawsInPlace_padsAShorterLine_endsWithANewline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleLine line = new ConsoleLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        line.accept(new ProgressLine("refresh A", 0, -1, "a long stage name", 0, null));
        line.accept(new ProgressLine("refresh A", 1, -1, null, 0, null));
        line.accept(new ProgressLine("refresh A", 1, -1, null, 0, true));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String first = "refresh A · a long stage name";
        String second = "refresh A 1";
        assertEquals("\r" + first + "\r" + second + " ".repeat(first.length() - second.length())
                + "\rrefresh A 1 ✓ done\n", out.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void neverWiderThan100Columns_soACarriageReturnCanRedrawIt() {
        ProgressLine line = new ProgressLine("refresh Air", 1, 2,
                "csv-to-download c3c07df2-3773-45aa-8597-b78b38666096: processing → complete " + "x".repeat(80), 3.0, null);
        String fitted = ConsoleLine.fit(line.toText());
        assertEquals(100, fitted.length(), fitted);
        assertTrue(fitted.contains("csv-to-download c3c07df2…:") && !fitted.contains("3773-45aa"), fitted);
        assertTrue(fitted.endsWith("…"), fitted);
    }
}

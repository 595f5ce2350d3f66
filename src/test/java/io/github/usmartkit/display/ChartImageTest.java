package io.github.usmartkit.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ChartImageTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void line_drawsPngAgainstIsoTimestamps() {
        Table t = Table.create("no2 by hour",
                StringColumn.create("timestamp", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"),
                DoubleColumn.create("no2", 10, 12.5, 9));
        ChartImage chart = ChartImage.line(t, "timestamp", "no2");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(chart.png(), 4));
        assertTrue(chart.toHtml().startsWith("<img alt=\"no2 by hour\" src=\"data:image/png;base64,iVBOR"), chart.toHtml());
    }

    @Test
    void bar_drawsPng() {
        Table t = Table.create("sites", StringColumn.create("site", "a", "b"), DoubleColumn.create("mean", 1, 2));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(ChartImage.bar(t, "site", "mean").png(), 4));
    }

    @Test
    void line_refusesMissingColumnNamingIt() {
        Table t = Table.create("t", DoubleColumn.create("x", 1, 2), DoubleColumn.create("y", 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChartImage.line(t, "x", "nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("[x, y]"), e.getMessage());
    }

    @Test
    void line_refusesTextAsYNamingNumericColumns() {
        Table t = Table.create("t", DoubleColumn.create("x", 1, 2), StringColumn.create("s", "a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChartImage.line(t, "x", "s"));
        assertTrue(e.getMessage().contains("not numeric") && e.getMessage().contains("[x]"), e.getMessage());
    }
}

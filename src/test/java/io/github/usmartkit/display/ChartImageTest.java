package io.github.usmartkit.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
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

    @Test
    void title_ofARead_saysWhatIsPlottedAndTheFilter_notTheGuid() {
        Table read = Table.create("e5a73062-ed6c-4282-8262-b33ae725f02b where site = North Park",
                StringColumn.create("timestamp", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"), DoubleColumn.create("no2", 1, 2),
                DoubleColumn.create("pm10", 3, 4));
        assertEquals("no2, pm10 by timestamp, where site = North Park", ChartImage.line(read, "timestamp", "no2", "pm10").title());
        Table plain = read.copy().setName("e5a73062-ed6c-4282-8262-b33ae725f02b");
        assertEquals("no2 by timestamp", ChartImage.line(plain, "timestamp", "no2").title());
        assertEquals("no2 by timestamp", ChartImage.bar(plain, "timestamp", "no2").title());
        Table named = read.copy().setName("NO2 at North Park");
        assertEquals("NO2 at North Park", ChartImage.line(named, "timestamp", "no2").title(), "a name of the user's own is kept");
    }

    @Test
    void ticks_ofEquallySpacedValues_fallOnRoundSteps() throws Exception {
        // x like usmart_id 122, 139, 156 … (equally spaced): xchart alone puts ticks on those very values
        IntColumn id = IntColumn.create("usmart_id");
        DoubleColumn y = DoubleColumn.create("pm25");
        for (int i = 0; i < 60; i++) {
            id.append(122 + 17 * i);
            y.append(5 + (i * 7919 % 13));
        }
        XYChart chart = ChartImage.lineChart(Table.create("e5a73062-ed6c-4282-8262-b33ae725f02b", id, y), "usmart_id", "pm25");
        BitmapEncoder.getBufferedImage(chart); // lays the axes out
        for (String axis : new String[] {"getXAxis", "getYAxis"}) {
            List<Double> ticks = tickValues(chart, axis);
            assertTrue(ticks.size() >= 3, axis + ": " + ticks);
            double step = ticks.get(1) - ticks.get(0);
            assertTrue(isRound(step), axis + " steps by " + step + ": " + ticks);
            for (double t : ticks) {
                assertEquals(0, BigDecimal.valueOf(t).remainder(BigDecimal.valueOf(step)).doubleValue(), 1e-9, axis + ": " + ticks);
            }
        }
    }

    /** 1, 2 or 5 × 10ⁿ. */
    private static boolean isRound(double step) {
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        return Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9;
    }

    /** The tick labels xchart laid out, read through its internals (the only way to see them before pixels). */
    private static List<Double> tickValues(XYChart chart, String axisGetter) throws Exception {
        Field pair = Chart.class.getDeclaredField("axisPair");
        pair.setAccessible(true);
        Object axisPair = pair.get(chart);
        Method get = axisPair.getClass().getDeclaredMethod(axisGetter);
        get.setAccessible(true);
        Axis<?, ?> axis = (Axis<?, ?>) get.invoke(axisPair);
        List<Double> values = new ArrayList<>();
        for (String label : axis.getAxisTickCalculator().getTickLabels()) {
            values.add(Double.parseDouble(label.replace(",", "")));
        }
        return values;
    }

    @Test
    void dates_readAsBrieflyAsTheSpanAllows_inUtc() {
        long h = 3_600_000L;
        long t0 = java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        assertEquals("HH:mm", ChartImage.datePattern(List.of(new Date(t0), new Date(t0 + 20 * h))));
        assertEquals("d MMM HH:mm", ChartImage.datePattern(List.of(new Date(t0), new Date(t0 + 72 * h))));
        assertEquals("d MMM", ChartImage.datePattern(List.of(new Date(t0), new Date(t0 + 60 * 24 * h))));
        assertEquals("MMM yyyy", ChartImage.datePattern(List.of(new Date(t0), new Date(t0 + 800 * 24 * h))));
        Table t = Table.create("x", StringColumn.create("timestamp", "2026-01-01T00:00:00Z", "2026-01-01T06:00:00Z"),
                DoubleColumn.create("no2", 1, 2));
        assertEquals("timestamp (UTC, 2026-01-01)", ChartImage.lineChart(t, "timestamp", "no2").getXAxisTitle());
    }
}

package io.github.usmartkit.display;

import io.github.usmartkit.internal.render.Html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A chart of a table's columns, drawn as a PNG image (xchart). An image, not a script: it still
 * shows in a saved notebook, offline and on a code host's notebook viewer.
 *
 * <pre>{@code ChartImage.line(rows, "timestamp", "no2")   // x: numbers, dates or ISO date-time text}</pre>
 */
public final class ChartImage implements Displayable {

    static final int WIDTH = 640;
    static final int HEIGHT = 320;

    /** ISO date-time text an x column may hold: with offset, UTC instant, local (taken as UTC). */
    private static final List<Function<String, Instant>> ISO_TEXT = List.of(
            t -> OffsetDateTime.parse(t).toInstant(),
            Instant::parse,
            t -> LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));

    private final String title;
    private final byte[] png;

    private ChartImage(String title, byte[] png) {
        this.title = title;
        this.png = png;
    }

    /**
     * A line chart of {@code yColumns} against {@code xColumn}. The x column may hold numbers,
     * dates/times, or ISO date-time text; any other x column is replaced by the row number.
     *
     * @throws IllegalArgumentException naming the column when a column is missing or not numeric
     */
    public static ChartImage line(Table table, String xColumn, String... yColumns) {
        Objects.requireNonNull(table, "table");
        requireColumn(table, xColumn);
        if (yColumns.length == 0) {
            throw new IllegalArgumentException("line chart of '" + table.name() + "': name at least one y column, e.g. "
                    + numericColumnsHint(table));
        }
        String title = titleOf(table);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xColumn).yAxisTitle(yColumns.length == 1 ? yColumns[0] : "").build();
        chart.getStyler().setLegendVisible(yColumns.length > 1);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<?> x = xValues(table, xColumn);
        if (!x.isEmpty() && x.get(0) instanceof Date) {
            chart.getStyler().setDatePattern("yyyy-MM-dd HH:mm");
        }
        for (String y : yColumns) {
            XYSeries s = chart.addSeries(y, x, numbers(table, y));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        return new ChartImage(title, encode(chart));
    }

    /**
     * A bar chart: one bar per row, labelled by {@code labelColumn}, as high as {@code valueColumn}.
     * Aggregate first (e.g. Tablesaw's {@code summarize(..).by(..)}) when rows repeat labels.
     *
     * @throws IllegalArgumentException naming the column when a column is missing or not numeric
     */
    public static ChartImage bar(Table table, String labelColumn, String valueColumn) {
        Objects.requireNonNull(table, "table");
        requireColumn(table, labelColumn);
        String title = titleOf(table);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(labelColumn).yAxisTitle(valueColumn).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        Column<?> labels = table.column(labelColumn);
        List<String> names = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            names.add(labels.getString(r));
        }
        chart.addSeries(valueColumn, names, numbers(table, valueColumn));
        return new ChartImage(title, encode(chart));
    }

    /** The image, PNG-encoded. */
    public byte[] png() {
        return png.clone();
    }

    /** The image as base64 (what a notebook's {@code image/png} output holds). */
    public String pngBase64() {
        return Base64.getEncoder().encodeToString(png);
    }

    /** The chart's title. */
    public String title() {
        return title;
    }

    @Override
    public String toHtml() {
        return "<img alt=\"" + Html.escape(title) + "\" src=\"data:image/png;base64," + pngBase64() + "\"/>";
    }

    @Override
    public String toText() {
        return "chart: " + title + " (" + WIDTH + "×" + HEIGHT + " PNG, " + png.length + " bytes)";
    }

    @Override
    public String toString() {
        return toText();
    }

    private static String titleOf(Table table) {
        return table.name() == null ? "" : table.name();
    }

    private static void requireColumn(Table table, String name) {
        if (name == null || !table.containsColumn(name)) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no column '" + name
                    + "'; its columns are " + table.columnNames());
        }
    }

    private static String numericColumnsHint(Table table) {
        return table.columns().stream().filter(c -> c instanceof NumericColumn<?>).map(Column::name).toList().toString();
    }

    private static List<Double> numbers(Table table, String name) {
        requireColumn(table, name);
        Column<?> c = table.column(name);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + name + "' of '" + table.name() + "' is " + c.type()
                    + ", not numeric; numeric columns: " + numericColumnsHint(table));
        }
        List<Double> out = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            out.add(n.isMissing(r) ? Double.NaN : n.getDouble(r));
        }
        return out;
    }

    private static List<?> xValues(Table table, String name) {
        Column<?> c = table.column(name);
        int rows = table.rowCount();
        if (c instanceof NumericColumn<?> n) {
            List<Double> out = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                out.add(n.getDouble(r));
            }
            return out;
        }
        List<Date> dates = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Date d = asDate(c.get(r));
            if (d == null) {
                return rowNumbers(rows); // not a date column after all
            }
            dates.add(d);
        }
        return dates;
    }

    private static List<Double> rowNumbers(int rows) {
        List<Double> index = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            index.add((double) i);
        }
        return index;
    }

    private static Date asDate(Object v) {
        if (v instanceof LocalDateTime t) {
            return Date.from(t.toInstant(ZoneOffset.UTC));
        }
        if (v instanceof LocalDate d) {
            return Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        if (v instanceof Instant i) {
            return Date.from(i);
        }
        if (v instanceof String s) {
            for (Function<String, Instant> parse : ISO_TEXT) {
                try {
                    return Date.from(parse.apply(s));
                } catch (DateTimeParseException e) {
                    // not this form: try the next
                }
            }
        }
        return null;
    }

    private static byte[] encode(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw the chart as PNG: " + e.getMessage(), e);
        }
    }
}

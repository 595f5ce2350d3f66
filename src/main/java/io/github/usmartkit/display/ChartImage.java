package io.github.usmartkit.display;

import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.text.Guids;

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
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A chart of a table's columns, drawn as a PNG image (xchart). An image, not a script: it still
 * shows in a saved notebook, offline and on a code host's notebook viewer. The title is the
 * table's name when it has one of its own; a table read from a pipeline (named after its
 * resource container, and the read's filter) is titled by what is plotted instead, e.g.
 * "no2 by timestamp, where site = North Park". Numeric axes tick at round steps (1, 2 or 5 × 10ⁿ);
 * date axes read in UTC, as briefly as the span allows.
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

    /** A table named by the kit after a resource container: its GUID, then what was read (e.g. "where site = A"). */
    private static final Pattern READ_NAME = Pattern.compile(Guids.REGEX + "(?:\\s+(.*))?");

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

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
        XYChart chart = lineChart(table, xColumn, yColumns);
        return new ChartImage(chart.getTitle(), encode(chart));
    }

    /** The line chart, not yet drawn (for tests of its axes). */
    static XYChart lineChart(Table table, String xColumn, String... yColumns) {
        String title = titleOf(table, String.join(", ", yColumns) + " by " + xColumn);
        List<?> x = xValues(table, xColumn);
        boolean dates = !x.isEmpty() && x.get(0) instanceof Date;
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(dates ? xColumn + " (UTC" + dateContext(x) + ")" : xColumn)
                .yAxisTitle(yColumns.length == 1 ? yColumns[0] : "").build();
        chart.getStyler().setLegendVisible(yColumns.length > 1);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        chart.getStyler().setLocale(Locale.UK);
        if (dates) {
            chart.getStyler().setDatePattern(datePattern(x));
        }
        List<Double> first = null;
        for (String y : yColumns) {
            List<Double> values = numbers(table, y);
            first = first == null ? values : first;
            XYSeries s = chart.addSeries(y, x, values);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        roundTicks(chart, x, first);
        return chart;
    }

    /**
     * xchart 3.8 puts the ticks of an axis whose values are equally spaced (row numbers, ids, a
     * straight line) on data values, every k-th one, which gives ticks such as 122, 139, 156
     * instead of round steps. A one-point series that draws nothing, placed between the first
     * two points, makes the values unequally spaced so that xchart's own 1-2-5 steps apply.
     */
    private static void roundTicks(XYChart chart, List<?> x, List<Double> y) {
        if (x.size() < 2 || y == null || y.size() < 2 || Double.isNaN(y.get(0)) || Double.isNaN(y.get(1))) {
            return;
        }
        Object midX = x.get(0) instanceof Date a && x.get(1) instanceof Date b ? new Date((a.getTime() + b.getTime()) / 2)
                : (((Number) x.get(0)).doubleValue() + ((Number) x.get(1)).doubleValue()) / 2;
        XYSeries pad = chart.addSeries(" ", List.of(midX), List.of((y.get(0) + y.get(1)) / 2));
        pad.setMarker(SeriesMarkers.NONE);
        pad.setLineStyle(SeriesLines.NONE);
        pad.setShowInLegend(false);
    }

    /** How dates on the axis read: times within a day, day and time within a week, days within a year, else months. */
    static String datePattern(List<?> dates) {
        long span = span(dates);
        return span <= DAY ? "HH:mm" : span <= 7 * DAY ? "d MMM HH:mm" : span <= 366 * DAY ? "d MMM" : "MMM yyyy";
    }

    /** What the tick labels leave out: the day (times within a day) or the year (days within a year). */
    private static String dateContext(List<?> dates) {
        long span = span(dates);
        java.time.ZonedDateTime first = ((Date) dates.get(0)).toInstant().atZone(ZoneOffset.UTC);
        if (span <= DAY) {
            return ", " + first.toLocalDate();
        }
        return span <= 366 * DAY && first.getYear() == first.plusNanos(span * 1_000_000).getYear() ? ", " + first.getYear() : "";
    }

    private static long span(List<?> dates) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Object d : dates) {
            long t = ((Date) d).getTime();
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        return max - min;
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
        String title = titleOf(table, valueColumn + " by " + labelColumn);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(labelColumn).yAxisTitle(valueColumn).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLocale(Locale.UK);
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

    /**
     * The table's own name; or, for a table without one or named by the kit after a resource
     * container, what is plotted followed by what the read asked for.
     */
    static String titleOf(Table table, String plotted) {
        String name = table.name() == null ? "" : table.name().strip();
        if (name.isEmpty()) {
            return plotted;
        }
        Matcher read = READ_NAME.matcher(name);
        if (read.matches()) {
            return plotted + (read.group(1) == null || read.group(1).isBlank() ? "" : ", " + read.group(1).strip());
        }
        return name;
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

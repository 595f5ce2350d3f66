package io.github.usmartkit;

import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.error.ErrorBox;
import io.github.usmartkit.display.TableView;
import io.github.usmartkit.display.ChartImage;

import java.util.concurrent.Callable;
import tech.tablesaw.api.Table;

/**
 * Display helpers for JShell and notebooks, static-imported by {@code jshell-startup/usmart.jsh}.
 *
 * <pre>{@code
 * table(rows, 5)                          // first 5 rows, then "N more rows"
 * lineChart(rows, "timestamp", "no2")     // a PNG chart
 * attempt(() -> dataset(guid).view())     // the value, or a short error box instead of a stack trace
 * }</pre>
 */
public final class Show {

    private Show() {
    }

    /** {@code table}'s first {@value TableView#DEFAULT_MAX_ROWS} rows, then "N more rows". */
    public static TableView table(Table table) {
        return TableView.of(table);
    }

    /** {@code table}'s first {@code maxRows} rows, then "N more rows". */
    public static TableView table(Table table, int maxRows) {
        return TableView.of(table).maxRows(maxRows);
    }

    /** A line chart of {@code yColumns} against {@code xColumn}, as a PNG image. See {@link ChartImage#line}. */
    public static ChartImage lineChart(Table table, String xColumn, String... yColumns) {
        return ChartImage.line(table, xColumn, yColumns);
    }

    /** A bar chart, one bar per row, as a PNG image. See {@link ChartImage#bar}. */
    public static ChartImage barChart(Table table, String labelColumn, String valueColumn) {
        return ChartImage.bar(table, labelColumn, valueColumn);
    }

    /**
     * Runs {@code action} and returns its value; if it throws, returns an {@link ErrorBox} saying
     * what went wrong and what to do, instead of a stack trace.
     */
    public static Object attempt(Callable<?> action) {
        try {
            return action.call();
        } catch (Exception e) {
            return ErrorBox.of(e);
        }
    }

    /** Runs {@code action}; returns "done", or an {@link ErrorBox} if it throws. */
    public static Object attempt(Runnable action) {
        try {
            action.run();
            return "done";
        } catch (RuntimeException e) {
            return ErrorBox.of(e);
        }
    }

    /** A box describing {@code error} without stack trace. */
    public static ErrorBox errorBox(Throwable error) {
        return ErrorBox.of(error);
    }

    /**
     * A progress listener shown from the start: one line updated in place (a notebook display, or
     * a line on standard error at a terminal or the JShell prompt), or timestamped lines per stage
     * when output is a log. See {@link ProgressListener#shown()}.
     */
    public static ProgressListener progress() {
        return ProgressListener.shown();
    }
}

package io.github.usmartkit.read;

import java.util.Locale;

/**
 * The bucket width of a date histogram ({@link RowQuery#histogram}, {@link Group#histogram}):
 * calendar units in UTC, weeks starting on Monday (Elasticsearch's date histogram, which URQL's
 * {@code date_histogram} is). Also statically importable from {@link Urql} ({@code DAY}).
 */
public enum Interval {
    MINUTE, HOUR, DAY, WEEK, MONTH, YEAR;

    /** The word URQL takes: {@code minute}, {@code hour}, {@code day}, {@code week}, {@code month}, {@code year}. */
    public String urql() {
        return name().toLowerCase(Locale.ROOT);
    }
}

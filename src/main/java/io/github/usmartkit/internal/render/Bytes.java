package io.github.usmartkit.internal.render;

import java.util.Locale;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Byte counts for people, everywhere the kit shows a size: binary units, labelled as such
 * ({@code 143 B}, {@code 96.1 KiB}, {@code 1.2 MiB}, {@code 4.0 GiB}), one decimal above bytes.
 */
public final class Bytes {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Bytes() {
    }

    /** {@code n} bytes in one human unit; "" for {@code null}. */
    public static String format(Long n) {
        return n == null ? "" : format(n.longValue());
    }

    /** {@code n} bytes in one human unit: {@code 98443} → {@code 96.1 KiB}. */
    public static String format(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        // 1048575 bytes is 1023.99... KiB: shown rounded, that would read "1024.0 KiB"
        if (v >= 1023.95 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /**
     * A Tablesaw print formatter showing a column of byte counts this way: the column keeps the
     * exact counts (to sum, sort and filter), every view shows them readably. Tablesaw keeps the
     * formatter through {@code where}, {@code sortOn} and {@code copy}.
     */
    public static NumberColumnFormatter columnFormat() {
        return new ByteSizes();
    }

    private static final class ByteSizes extends NumberColumnFormatter {
        @Override
        public String format(long value) {
            // Tablesaw passes its missing-value marker through the formatter
            return value == Long.MIN_VALUE ? "" : Bytes.format(value);
        }

        @Override
        public String format(int value) {
            return value == Integer.MIN_VALUE ? "" : Bytes.format(value);
        }

        @Override
        public String format(double value) {
            return Double.isNaN(value) ? "" : Bytes.format((long) value);
        }

        @Override
        public String toString() {
            return "byte sizes (KiB, MiB, GiB)";
        }
    }
}

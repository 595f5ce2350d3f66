package io.github.usmartkit.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measurements of one side of a case, one a repetition, in one unit. */
final class Samples {
    private final String unit;
    private final List<Double> values = new ArrayList<>();

    Samples(String unit) {
        this.unit = unit;
    }

    String unit() {
        return unit;
    }

    void add(double v) {
        values.add(v);
    }

    List<Double> values() {
        return Collections.unmodifiableList(values);
    }

    int size() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        return median(values);
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** {@code 186 MiB/s}, {@code 4.1 ms}: the median with its unit, to three significant figures. */
    String medianText() {
        return format(median()) + " " + unit;
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        if (a >= 1) {
            return String.format("%.2f", v);
        }
        return String.format("%.3f", v);
    }
}

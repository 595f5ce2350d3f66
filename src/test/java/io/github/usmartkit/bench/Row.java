package io.github.usmartkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One line of the benchmark table: what the kit did, what its baseline did in the same run
 * (interleaved with it), their ratio for each repetition, and whether the target was met.
 */
final class Row {
    final String name;
    final String kitWhat;
    final String baselineWhat;
    final Samples kit;
    final Samples baseline;
    final List<Double> ratios = new ArrayList<>();
    final String target;
    /** null when the case has no target of its own (a measurement only) or did not run. */
    Boolean met;
    final List<String> notes = new ArrayList<>();
    /** The 1-minute load average while the case ran: mean and highest seen. */
    double loadMean = Double.NaN;
    double loadMax = Double.NaN;
    double seconds;
    /** Why it did not run, or null. */
    String skipped;

    Row(String name, String kitWhat, Samples kit, String baselineWhat, Samples baseline, String target) {
        this.name = name;
        this.kitWhat = kitWhat;
        this.kit = kit;
        this.baselineWhat = baselineWhat;
        this.baseline = baseline;
        this.target = target;
    }

    static Row skipped(String name, String target, String why) {
        Row r = new Row(name, "", new Samples(""), "", new Samples(""), target);
        r.skipped = why;
        return r;
    }

    double ratioMedian() {
        return Samples.median(ratios);
    }

    double ratioMin() {
        return ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double ratioMax() {
        return ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Sets {@link #met} from the row itself. */
    Row judge(Predicate<Row> target) {
        met = skipped == null && !ratios.isEmpty() && target.test(this);
        return this;
    }

    Row note(String n) {
        notes.add(n);
        return this;
    }

    String ratioText() {
        if (ratios.isEmpty()) {
            return "–";
        }
        return Samples.format(ratioMedian()) + " (" + Samples.format(ratioMin()) + "–" + Samples.format(ratioMax()) + ")";
    }

    String metText() {
        if (skipped != null) {
            return "not run";
        }
        return met == null ? "–" : met ? "yes" : "**no**";
    }
}

package io.github.usmartkit.bench;

import java.util.List;

/** One case of {@code bin/usmart bench}: the kit and its baseline, measured in the same run. */
interface BenchCase {

    /** The name on the command line, e.g. {@code upload}. */
    String name();

    /** One line for {@code bin/usmart bench --list}. */
    String about();

    /** Roughly how long it takes at the default repetitions, for the listing. */
    String takes();

    /** Runs it; one row or more (a case may measure the same thing in two settings). */
    List<Row> run(BenchEnv env) throws Exception;

    /**
     * One repetition of a side: returns its measurement in the side's unit.
     */
    @FunctionalInterface
    interface Side {
        double once(int repetition) throws Exception;
    }

    /** How a repetition's ratio is made from the kit's and the baseline's measurement. */
    @FunctionalInterface
    interface Ratio {
        double of(double kit, double baseline);

        /** kit ÷ baseline: for times (less is better) and for throughputs where the kit is on top. */
        Ratio KIT_OVER_BASELINE = (k, b) -> k / b;
    }
}

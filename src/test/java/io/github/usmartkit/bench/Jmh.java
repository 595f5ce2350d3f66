package io.github.usmartkit.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * An in-process case through JMH: one repetition is one JMH fork of one benchmark method (its own
 * JVM, warm-up iterations, then measured ones), so that the suite can take turns between the
 * kit's method and its baseline's, fork by fork. JMH's own output goes to a log file.
 */
final class Jmh {
    private Jmh() {
    }

    /** The mean time of one operation of {@code bench.method} in one fork, in ms. */
    static double msPerOp(Class<?> bench, String method, Map<String, String> params, Path log) throws Exception {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(bench.getName().replace(".", "\\.") + "\\." + method + "$")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .verbosity(VerboseMode.NORMAL)
                .output(log.toString());
        params.forEach(b::param);
        Collection<RunResult> results = new Runner(b.build()).run();
        if (results.isEmpty()) {
            throw new IllegalStateException("JMH ran nothing for " + bench.getSimpleName() + "." + method + " (see " + log + ")");
        }
        RunResult r = results.iterator().next();
        double score = r.getPrimaryResult().getScore();
        String unit = r.getPrimaryResult().getScoreUnit();
        return switch (unit) {
            case "ms/op" -> score;
            case "us/op" -> score / 1000;
            case "s/op" -> score * 1000;
            default -> throw new IllegalStateException("unexpected JMH unit " + unit);
        };
    }
}

package io.github.usmartkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What every case gets: where the kit is, its class paths, the repetitions asked for, a scratch
 * directory, and the interleaving of a case's two sides.
 */
final class BenchEnv {
    /** Fewer than this and a median with its spread means little. */
    static final int MIN_REPS = 3;

    final Path root;
    /** The kit's runtime class path (its jar and dependencies): what a user's JVM has. */
    final String kitClasspath;
    /** The test classes (the bench mains live there, not in the kit's jar). */
    final Path testClasses;
    final int reps;
    private final Path scratch;

    BenchEnv(Path root, String kitClasspath, Path testClasses, int reps, Path scratch) {
        this.root = root;
        this.kitClasspath = kitClasspath;
        this.testClasses = testClasses;
        this.reps = reps;
        this.scratch = scratch;
    }

    /** The driver's own class path (test scope): for mains that need test-only libraries. */
    String testClasspath() {
        return System.getProperty("java.class.path");
    }

    /** The kit's runtime class path followed by the test classes: a user's JVM plus the bench mains. */
    String clientClasspath() {
        return kitClasspath + java.io.File.pathSeparator + testClasses;
    }

    /** A fresh directory for one case, deleted when the run ends. */
    Path dir(String name) throws IOException {
        return Files.createTempDirectory(scratch, name + "-");
    }

    static void log(String line) {
        System.err.println("  " + line);
        System.err.flush();
    }

    /**
     * Runs {@code reps} repetitions of both sides, taking turns (kit first, then baseline first,
     * and so on) so that a change in the machine's load weighs on both alike; each repetition
     * adds one measurement to each side and their ratio to the row.
     */
    void interleave(Row row, int repetitions, BenchCase.Side kit, BenchCase.Side baseline, BenchCase.Ratio ratio) throws Exception {
        for (int i = 0; i < repetitions; i++) {
            double k;
            double b;
            if (i % 2 == 0) {
                k = kit.once(i);
                b = baseline.once(i);
            } else {
                b = baseline.once(i);
                k = kit.once(i);
            }
            row.kit.add(k);
            row.baseline.add(b);
            row.ratios.add(ratio.of(k, b));
            log(String.format("%s %d/%d: kit %s %s, baseline %s %s, ratio %s", row.name, i + 1, repetitions,
                    Samples.format(k), row.kit.unit(), Samples.format(b), row.baseline.unit(), Samples.format(ratio.of(k, b))));
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log("could not delete " + dir + ": " + e.getMessage());
        }
    }
}

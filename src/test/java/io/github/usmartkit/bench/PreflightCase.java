package io.github.usmartkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code preflight}: {@link PreflightBench} through JMH (a 64 MiB CSV in the page cache, the fork
 * at {@code -Xmx64m}): the whole preflight against reading the file's bytes, forks in turns; the
 * MD5 of the same file (which every upload computes anyway) is measured in each repetition too,
 * for the target: the check must cost no more than that. Then, in the suite's own JVM, the CPU
 * time per MiB of the check and of the MD5, in turns (the thread's CPU time: what other work on
 * the machine changes less than wall time, on 2 shared cores).
 */
final class PreflightCase implements BenchCase {
    static final String MB = "64";

    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public String about() {
        return "the preflight CSV check of a 64 MiB file vs reading the file (and its MD5, which every upload computes) (JMH)";
    }

    @Override
    public String takes() {
        return "about 2 min";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Path dir = env.dir("preflight");
        try {
            Map<String, String> p = Map.of("mb", MB);
            Row row = new Row(name(), "kit preflight, 64 MiB", new Samples("MiB/s"), "reading the file", new Samples("MiB/s"),
                    "check ≥ the MD5's MiB/s");
            List<Double> md5 = new ArrayList<>();
            double mib = Double.parseDouble(MB);
            env.interleave(row, env.reps, i -> {
                md5.add(mib / (Jmh.msPerOp(PreflightBench.class, "md5", p, dir.resolve("jmh-md5-" + i + ".log")) / 1000));
                return mib / (Jmh.msPerOp(PreflightBench.class, "preflight", p, dir.resolve("jmh-preflight-" + i + ".log")) / 1000);
            }, i -> mib / (Jmh.msPerOp(PreflightBench.class, "readBytes", p, dir.resolve("jmh-read-" + i + ".log")) / 1000),
                    Ratio.KIT_OVER_BASELINE);
            double md5Median = Samples.median(md5);
            row.note(String.format("MD5 of the same file: %.0f MiB/s (median); ratio = the check's MiB/s ÷ reading's", md5Median));
            row.note(cpuPerMib(mib));
            return List.of(row.judge(r -> r.kit.median() >= md5Median));
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }

    /** The check's and the MD5's CPU time per MiB on this thread, in turns: medians of {@link #CPU_ROUNDS} after as many untimed. */
    private static String cpuPerMib(double mib) throws Exception {
        PreflightBench b = new PreflightBench();
        b.mb = Integer.parseInt(MB);
        b.write();
        try {
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            List<Double> check = new ArrayList<>();
            List<Double> md5 = new ArrayList<>();
            for (int i = 0; i < 2 * CPU_ROUNDS; i++) {
                long c0 = t.getCurrentThreadCpuTime();
                b.preflight();
                long c1 = t.getCurrentThreadCpuTime();
                b.md5();
                long c2 = t.getCurrentThreadCpuTime();
                if (i >= CPU_ROUNDS) {
                    check.add((c1 - c0) / 1e6 / mib);
                    md5.add((c2 - c1) / 1e6 / mib);
                }
            }
            double c = Samples.median(check);
            double m = Samples.median(md5);
            return String.format("preflight CPU per MiB (this JVM, median of %d in turns): check %.2f ms (min %.2f), MD5 %.2f ms (min %.2f);"
                    + " MD5's ÷ check's %.2f", CPU_ROUNDS, c, check.stream().mapToDouble(x -> x).min().orElse(0), m,
                    md5.stream().mapToDouble(x -> x).min().orElse(0), m / c);
        } finally {
            b.delete();
        }
    }

    private static final int CPU_ROUNDS = 15;
}

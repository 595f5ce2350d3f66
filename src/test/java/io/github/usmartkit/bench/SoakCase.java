package io.github.usmartkit.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code soak}: the reliability soak (issue 12), {@code io.github.usmartkit.soak.Soak} in the test
 * sources, run once in a JVM of its own: it has no baseline, its target is no anomaly (exit 0).
 * Extra arguments for it: {@code -Dbench.soak.args="…"} on the suite's JVM
 * ({@code USMART_BENCH_JAVA_OPTS}). Until that main exists on the class path the row says so.
 */
final class SoakCase implements BenchCase {
    static final String MAIN = "io.github.usmartkit.soak.Soak";

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String about() {
        return "the reliability soak (" + MAIN + "): operations under faults, then the sandbox's state checked; no baseline";
    }

    @Override
    public String takes() {
        return "as long as the soak is set to run";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        String target = "no anomaly (exit 0)";
        try {
            Class.forName(MAIN, false, SoakCase.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return List.of(Row.skipped(name(), target, MAIN + " is not in the test sources yet (issue 12's soak); this row runs it once it is"));
        }
        List<String> args = new ArrayList<>();
        String extra = System.getProperty("bench.soak.args", "").strip();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        Proc.Result r = Proc.run(Proc.javaCmd(List.of(), env.testClasspath(), MAIN, args.toArray(String[]::new)), null, 3600);
        Row row = new Row(name(), "soak, wall time", new Samples("s"), "none", new Samples(""), target);
        row.kit.add(r.seconds());
        row.met = r.code() == 0;
        String[] out = r.out().strip().split("\n");
        for (int i = Math.max(0, out.length - 6); i < out.length; i++) {
            row.note(out[i].strip());
        }
        if (r.code() != 0) {
            row.note("exit " + r.code() + ": " + Proc.tail(r.err()));
        }
        return List.of(row);
    }
}

package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.model.RefreshResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code refresh}: {@code refreshAll()} of a dataset with 20 pipelines against one call
 * ({@code view()}), every call answered 200 ms late ({@code --faults slow=1,delay=200ms}), the
 * sandbox durable ({@code --data}: each process call's answer waits for its change to be on
 * disk, so 20 concurrent writes also measure the group commit). refreshAll needs one view and
 * then the 20 process calls side by side: two calls' time is the floor.
 */
final class RefreshCase implements BenchCase {
    static final int PIPELINES = 20;

    @Override
    public String name() {
        return "refresh";
    }

    @Override
    public String about() {
        return "refreshAll() on 20 pipelines with 200 ms added to every call (durable sandbox) vs one call";
    }

    @Override
    public String takes() {
        return "about 30 s";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Path dir = env.dir("refresh");
        Path data = dir.resolve("data");
        try {
            // set up without faults: a file and 20 pipelines on the Playground dataset
            try (SandboxProcess sb = SandboxProcess.start(env, dir, List.of(), "--data", data.toString());
                 USmart usmart = ViewCase.session(sb.env())) {
                Path csv = dir.resolve("refresh.csv");
                Files.writeString(csv, "site,no2\nCentral,12\nHarbour,14\n");
                Dataset pg = usmart.dataset(UploadCase.PLAYGROUND);
                String file = pg.add(csv).fileGuid();
                for (int i = 0; i < PIPELINES; i++) {
                    pg.createPipeline("csv-to-api", file);
                }
            }
            Row row = new Row(name(), "refreshAll(), 20 pipelines", new Samples("ms"), "one call (view())", new Samples("ms"), "≤ 2× one call");
            try (SandboxProcess sb = SandboxProcess.start(env, dir, List.of(), "--data", data.toString(),
                    "--faults", "slow=1,delay=200ms", "--processing-delay", "600000");
                 USmart usmart = ViewCase.session(sb.env())) {
                Dataset pg = usmart.dataset(UploadCase.PLAYGROUND);
                pg.view();
                check(pg.refreshAll());
                // CPU of each side, so that the row shows where the time beyond two calls goes: the kit runs
                // in this JVM, the sandbox in its own; both on the same two cores
                long kit = ProcessHandle.current().pid();
                Cpu all = new Cpu(kit, sb.pid());
                Cpu one = new Cpu(kit, sb.pid());
                int reps = Math.max(env.reps, 5);
                env.interleave(row, reps, i -> {
                    all.start();
                    long t0 = System.nanoTime();
                    check(pg.refreshAll());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    all.stop();
                    return ms;
                }, i -> {
                    one.start();
                    long t0 = System.nanoTime();
                    pg.view();
                    double ms = (System.nanoTime() - t0) / 1e6;
                    one.stop();
                    return ms;
                }, Ratio.KIT_OVER_BASELINE);
                row.note(String.format("CPU per refreshAll (mean of %d): kit JVM %.0f ms (its JIT compiler %.0f), sandbox %.0f ms (JIT %.0f);"
                        + " per view: kit %.0f ms (JIT %.0f), sandbox %.0f ms (JIT %.0f); both on the same 2 cores",
                        reps, all.kitMs(reps), all.kitJitMs(reps), all.sandboxMs(reps), all.sandboxJitMs(reps),
                        one.kitMs(reps), one.kitJitMs(reps), one.sandboxMs(reps), one.sandboxJitMs(reps)));
            }
            return List.of(row.judge(r -> r.ratioMedian() <= 2.0));
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }

    /**
     * CPU seconds of the kit's JVM and the sandbox's process over the timed calls, summed (the
     * clock ticks at 10 ms, so a mean over the repetitions, not a median of single calls). Taken
     * right around each call: the sandbox's work of a call is over when its answer is in.
     */
    private static final class Cpu {
        private final long kit;
        private final long sandbox;
        private final double[] sum = new double[4];
        private final double[] at = new double[4];

        Cpu(long kit, long sandbox) {
            this.kit = kit;
            this.sandbox = sandbox;
        }

        private double[] now() {
            return new double[] {Proc.cpuSeconds(kit), Proc.compilerCpuSeconds(kit), Proc.cpuSeconds(sandbox), Proc.compilerCpuSeconds(sandbox)};
        }

        void start() {
            System.arraycopy(now(), 0, at, 0, 4);
        }

        void stop() {
            double[] n = now();
            for (int i = 0; i < 4; i++) {
                sum[i] += n[i] - at[i];
            }
        }

        double kitMs(int reps) {
            return sum[0] * 1000 / reps;
        }

        double kitJitMs(int reps) {
            return sum[1] * 1000 / reps;
        }

        double sandboxMs(int reps) {
            return sum[2] * 1000 / reps;
        }

        double sandboxJitMs(int reps) {
            return sum[3] * 1000 / reps;
        }
    }

    private static void check(RefreshResults r) {
        if (r.results().size() != PIPELINES) {
            throw new IllegalStateException("refreshAll refreshed " + r.results().size() + " pipelines, not " + PIPELINES);
        }
    }
}

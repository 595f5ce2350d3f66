package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.model.RefreshResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
                List<Double> each = new ArrayList<>();
                env.interleave(row, Math.max(env.reps, 5), i -> {
                    long t0 = System.nanoTime();
                    check(pg.refreshAll());
                    return (System.nanoTime() - t0) / 1e6;
                }, i -> {
                    long t0 = System.nanoTime();
                    pg.view();
                    return (System.nanoTime() - t0) / 1e6;
                }, Ratio.KIT_OVER_BASELINE);
            }
            return List.of(row.judge(r -> r.ratioMedian() <= 2.0));
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }

    private static void check(RefreshResults r) {
        if (r.results().size() != PIPELINES) {
            throw new IllegalStateException("refreshAll refreshed " + r.results().size() + " pipelines, not " + PIPELINES);
        }
    }
}

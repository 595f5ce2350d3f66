package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bulk}: {@code bin/usmart bulk MANIFEST} of 100 replace lines with {@code --concurrency 4}
 * against the same lines one by one ({@code --concurrency 1}), every call answered 200 ms late
 * ({@code --faults slow=1,delay=200ms}); the files get new content before every run, so each
 * line uploads. Skipped, saying so, while the command line has no {@code bulk} (issue 10).
 */
final class BulkCase implements BenchCase {
    static final int LINES = 100;

    @Override
    public String name() {
        return "bulk";
    }

    @Override
    public String about() {
        return "a 100-line bulk manifest at 200 ms per call with --concurrency 4 vs the same lines one by one";
    }

    @Override
    public String takes() {
        return "about 8 min (the one-by-one runs are most of it)";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        String target = "≤ 0.3× one by one";
        Path dir = env.dir("bulk");
        try {
            String usmart = env.root.resolve("bin/usmart").toString();
            Map<String, String> home = Map.of("HOME", dir.toString());
            Proc.Result help = Proc.run(List.of(usmart, "bulk", "--help"), home, 120);
            if (help.code() != 0) {
                return List.of(Row.skipped(name(), target, "bin/usmart has no bulk command yet (issue 10's `usmart bulk MANIFEST`)"));
            }
            Path data = dir.resolve("data");
            Path files = Files.createDirectories(dir.resolve("files"));
            List<String> lines = new ArrayList<>(List.of("datasetGUID,fileGUID,path"));
            try (SandboxProcess sb = SandboxProcess.start(env, dir, List.of(), "--data", data.toString());
                 USmart kit = ViewCase.session(sb.env())) {
                Dataset pg = kit.dataset(UploadCase.PLAYGROUND);
                for (int i = 0; i < LINES; i++) {
                    Path f = files.resolve("line-" + i + ".csv");
                    content(f, i, -1);
                    lines.add(UploadCase.PLAYGROUND + "," + pg.add(f).fileGuid() + "," + f);
                }
            }
            Path manifest = dir.resolve("manifest.csv");
            Files.write(manifest, lines);
            Row row = new Row(name(), "--concurrency 4", new Samples("s"), "--concurrency 1", new Samples("s"), target);
            try (SandboxProcess sb = SandboxProcess.start(env, dir, List.of(), "--data", data.toString(),
                    "--faults", "slow=1,delay=200ms", "--processing-delay", "20")) {
                Map<String, String> e = new HashMap<>(sb.env());
                e.putAll(home);
                int[] run = {0};
                BenchCase.Side four = i -> bulk(usmart, manifest, files, e, 4, run[0]++);
                BenchCase.Side one = i -> bulk(usmart, manifest, files, e, 1, run[0]++);
                env.interleave(row, env.reps, four, one, Ratio.KIT_OVER_BASELINE);
            }
            return List.of(row.judge(r -> r.ratioMedian() <= 0.3));
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }

    private static double bulk(String usmart, Path manifest, Path files, Map<String, String> env, int concurrency, int run) throws Exception {
        for (int i = 0; i < LINES; i++) {
            content(files.resolve("line-" + i + ".csv"), i, run);
        }
        Proc.Result r = Proc.run(List.of(usmart, "bulk", manifest.toString(), "--concurrency", String.valueOf(concurrency)), env, 1800)
                .orThrow("bin/usmart bulk --concurrency " + concurrency);
        return r.seconds();
    }

    /** A small CSV whose content differs for every run, so that no line is skipped as unchanged. */
    private static void content(Path f, int line, int run) throws Exception {
        Files.writeString(f, "site,no2,run\nCentral," + (10 + line) + "," + run + "\nHarbour," + (20 + line) + "," + run + "\n");
    }
}

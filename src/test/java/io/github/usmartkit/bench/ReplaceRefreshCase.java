package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.sandbox.Sandbox;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code replace-refresh}: ten rounds of {@code replace(file, csv).refreshAll()} of a 10 MB CSV
 * by the kit, in the JVM of the sandbox (as in a notebook), against the seed's Python snippets
 * ({@code seed_replace_refresh.py}: requests, one call each) doing the same to the same sandbox.
 * Each side has one untimed round first; consecutive rounds alternate two files, so every
 * replace uploads. The kit also checks the CSV first, computes the MD5 and guards the schema.
 */
final class ReplaceRefreshCase implements BenchCase {
    static final String AIR = ViewCase.AIR;
    static final String AIR_FILE = "3880d4e6-ffdd-465b-bd97-56901021ef1c";
    static final int ROUNDS = 10;
    static final long CSV_BYTES = 10L * 1000 * 1000;

    @Override
    public String name() {
        return "replace-refresh";
    }

    @Override
    public String about() {
        return "10 × (replace + refreshAll) of a 10 MB CSV, in-process, vs the seed's Python snippets doing the same";
    }

    @Override
    public String takes() {
        return "about 30 s";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Proc.requirePython("requests", "python3-requests");
        Path dir = env.dir("replace-refresh");
        try (Sandbox sb = Sandbox.start()) {
            Path[] files = {csv(dir.resolve("air-a.csv"), 1), csv(dir.resolve("air-b.csv"), 2)};
            Map<String, String> e = Map.of("USMART_BASE_URL", sb.baseUrl(), "USMART_READ_URL", sb.baseUrl(), "USMART_ORG", sb.org(),
                    "USMART_API_KEY_ID", sb.providerKey().id(), "USMART_API_KEY_SECRET", sb.providerKey().secret());
            Path script = Path.of(ReplaceRefreshCase.class.getResource("seed_replace_refresh.py").toURI());
            int[] next = {0};
            Row row = new Row(name(), "kit, 10 rounds", new Samples("s"), "seed's Python, 10 rounds", new Samples("s"), "≤ 1×");
            try (USmart usmart = ViewCase.session(e)) {
                Dataset air = usmart.dataset(AIR);
                // no progress lines (the snippet prints none either): 15 per replace buried the suite's own
                ProgressListener quiet = ProgressListener.none();
                env.interleave(row, env.reps, i -> {
                    air.replace(AIR_FILE, files[next[0]++ % 2], quiet).refreshAll();
                    long t0 = System.nanoTime();
                    for (int k = 0; k < ROUNDS; k++) {
                        air.replace(AIR_FILE, files[next[0]++ % 2], quiet).refreshAll();
                    }
                    return (System.nanoTime() - t0) / 1e9;
                }, i -> {
                    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), String.valueOf(ROUNDS), AIR_FILE, AIR,
                            String.valueOf(next[0])));
                    for (Path f : files) {
                        cmd.add(f.toString());
                    }
                    next[0] += ROUNDS + 1;
                    Proc.Result r = Proc.run(cmd, new HashMap<>(e), 600).orThrow("the seed's Python snippets");
                    return Double.parseDouble(r.out().strip());
                }, Ratio.KIT_OVER_BASELINE);
            }
            return List.of(row.judge(r -> r.ratioMedian() <= 1.0));
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }

    /** About 10 MB of air-quality rows, with the demo dataset's columns (so the schema guard passes). */
    static Path csv(Path p, long seed) throws IOException {
        Random r = new Random(seed);
        String[] sites = {"Central Library", "Harbour Road", "North Park", "Station Street", "Leith Walk"};
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("timestamp,site,no2,pm10,pm25\n");
            for (long i = 0; written < CSV_BYTES; i++) {
                String line = t.plusSeconds(i * 60) + "," + sites[(int) (i % sites.length)] + "," + r.nextInt(900) / 10.0 + ","
                        + r.nextInt(500) / 10.0 + "," + r.nextInt(300) / 10.0 + "\n";
                w.write(line);
                written += line.length();
            }
        }
        return p;
    }
}

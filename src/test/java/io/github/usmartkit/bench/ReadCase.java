package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.model.PipelineInfo;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code read}: every row of a pipeline publishing 1,000,000 rows, read by the kit into a table
 * ({@code rows(rc, -1)}, in a JVM of its own after three untimed reads), against {@code curl}
 * fetching the same {@code limit(-1)} to {@code /dev/null}; the sandbox in a JVM of its own. A
 * second row compares the heap the read needed (most left after a collection) with the finished
 * table's size.
 */
final class ReadCase implements BenchCase {
    static final int ROWS = Integer.getInteger("bench.read.rows", 1_000_000);

    @Override
    public String name() {
        return "read";
    }

    @Override
    public String about() {
        return "reading 1,000,000 rows into a table vs curl fetching the same limit(-1) to /dev/null";
    }

    @Override
    public String takes() {
        return "about 2 min";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Path dir = env.dir("read");
        try (SandboxProcess sb = SandboxProcess.start(env, dir, List.of(), "--processing-delay", "20");
             USmart usmart = ViewCase.session(sb.env())) {
            Path csv = dir.resolve("million.csv");
            write(csv);
            Dataset pg = usmart.dataset(UploadCase.PLAYGROUND);
            String file = pg.add(csv).fileGuid();
            PipelineInfo p = pg.createPipeline("csv-to-api", file);
            pg.refresh(p.resourceContainerGuid());
            pg.awaitProcessed(Duration.ofMinutes(15), Duration.ofMillis(500));
            String rc = p.resourceContainerGuid();
            String url = usmart.read(rc).limit(-1).url();
            Path headers = dir.resolve("headers");
            Files.writeString(headers, "api-key-id: " + sb.env().get("USMART_API_KEY_ID") + "\napi-key-secret: "
                    + sb.env().get("USMART_API_KEY_SECRET") + "\n");
            Row row = new Row(name(), "kit rows(rc, -1)", new Samples("s"), "curl to /dev/null", new Samples("s"),
                    "≥ 0.7× curl's throughput");
            Row heap = new Row("read-heap", "most heap the read held", new Samples("MiB"), "the finished table", new Samples("MiB"),
                    "≤ 2× the table");
            long[] bytes = {0};
            env.interleave(row, env.reps, i -> {
                Proc.Result r = Proc.run(Proc.javaCmd(List.of("-Xmx2g"), env.clientClasspath(), ReadRowsBench.class.getName(), rc),
                        new HashMap<>(sb.env()), 1800).orThrow("the kit's read");
                Map<String, String> m = UploadCase.parse(r.out());
                if (Integer.parseInt(m.get("rows")) != ROWS) {
                    throw new IllegalStateException("the kit read " + m.get("rows") + " rows, not " + ROWS);
                }
                double table = Long.parseLong(m.get("tableBytes")) / 1048576.0;
                double live = Long.parseLong(m.get("livePeakBytes")) / 1048576.0;
                heap.kit.add(live);
                heap.baseline.add(table);
                heap.ratios.add(live / table);
                return Long.parseLong(m.get("ns")) / 1e9;
            }, i -> {
                Proc.Result r = Proc.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}",
                        "-H", "@" + headers, url), null, 1800);
                String[] t = r.out().strip().split(" ");
                if (!t[0].equals("200")) {
                    throw new IllegalStateException("curl limit(-1) answered " + t[0]);
                }
                bytes[0] = Long.parseLong(t[1]);
                return Double.parseDouble(t[2]);
            }, (k, b) -> b / k);
            row.note(String.format("%,d rows, %.0f MiB of JSON; ratio = curl's time ÷ the kit's", ROWS, bytes[0] / 1048576.0));
            return List.of(row.judge(r -> r.ratioMedian() >= 0.7), heap.judge(r -> r.ratioMedian() <= 2));
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }

    private static void write(Path csv) throws Exception {
        Random r = new Random(7);
        String[] sites = {"Central Library", "Harbour Road", "North Park", "Station Street", "Leith Walk"};
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("timestamp,site,no2,pm10,pm25\n");
            for (int i = 0; i < ROWS; i++) {
                w.write(t.plusSeconds(i * 60L) + "," + sites[i % sites.length] + "," + r.nextInt(900) / 10.0 + ","
                        + r.nextInt(500) / 10.0 + "," + r.nextInt(300) / 10.0 + "\n");
            }
        }
    }
}

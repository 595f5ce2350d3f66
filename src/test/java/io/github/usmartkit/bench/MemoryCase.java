package io.github.usmartkit.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code memory}: the peak resident set of a kit JVM at {@code -Xmx64m} replacing a 4 GiB file,
 * against the same JVM replacing a 100 MB file: flat means the big file costs no more memory.
 */
final class MemoryCase implements BenchCase {
    static final long BIG = Long.getLong("bench.memory.bytes", 4L << 30);
    static final long SMALL = 100L * 1000 * 1000;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String about() {
        return "peak RSS of a kit JVM at -Xmx64m replacing a 4 GiB file vs the same replacing a 100 MB file";
    }

    @Override
    public String takes() {
        return "about 3 min";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Path dir = env.dir("memory");
        try (SandboxProcess sb = SandboxProcess.start(env, dir, List.of("-Xmx128m"))) {
            Path big = UploadCase.sparse(dir.resolve("big.bin"), BIG);
            Path small = UploadCase.sparse(dir.resolve("small.bin"), SMALL);
            // in the page cache before the first repetition, as the upload case does (the seconds in the note compare)
            UploadCase.readThrough(big);
            UploadCase.readThrough(small);
            Row row = new Row(name(), "4 GiB, peak RSS", new Samples("MiB"), "100 MB, peak RSS", new Samples("MiB"), "≤ 1.1 (flat)");
            double[] heap = {0, 0};
            List<Double> bigSeconds = new java.util.ArrayList<>();
            env.interleave(row, env.reps, i -> {
                Map<String, String> r = UploadCase.kitReplace(env, sb, big, "-Xmx64m");
                heap[0] = Math.max(heap[0], Long.parseLong(r.get("liveAfterGcPeakKb")) / 1024.0);
                bigSeconds.add(Long.parseLong(r.get("ns")) / 1e9);
                UploadCase.sync();
                return Long.parseLong(r.get("rssPeakKb")) / 1024.0;
            }, i -> {
                Map<String, String> r = UploadCase.kitReplace(env, sb, small, "-Xmx64m");
                heap[1] = Math.max(heap[1], Long.parseLong(r.get("liveAfterGcPeakKb")) / 1024.0);
                UploadCase.sync();
                return Long.parseLong(r.get("rssPeakKb")) / 1024.0;
            }, Ratio.KIT_OVER_BASELINE);
            row.judge(r -> r.ratioMax() <= 1.1);
            row.note(String.format("most heap left after a collection: %.0f MiB (4 GiB) / %.0f MiB (100 MB)", heap[0], heap[1]));
            // The control: the 100 MB file replaced again and again in one JVM, as many bytes as the
            // 4 GiB file. Equal peaks mean what the big file adds over one small one comes from the
            // JVM's longer run (its compilers, the heap's pages touched), not from the file's size.
            int times = (int) Math.round(BIG / (double) SMALL);
            List<Double> control = new java.util.ArrayList<>();
            List<Double> controlSeconds = new java.util.ArrayList<>();
            for (int i = 0; i < env.reps; i++) {
                Map<String, String> r = UploadCase.kitReplace(env, sb, small, List.of("-Xmx64m", "-Dbench.repeat=" + times));
                UploadCase.sync();
                control.add(Long.parseLong(r.get("rssPeakKb")) / 1024.0);
                controlSeconds.add(Long.parseLong(r.get("ns")) / 1e9);
            }
            row.note(String.format("control: the 100 MB file %d times in one JVM (as many bytes; %.0f s of uploads against the 4 GiB file's %.0f s):"
                    + " peak RSS %.0f MiB (median; %s), against %.0f MiB for the 4 GiB file", times, Samples.median(controlSeconds),
                    Samples.median(bigSeconds), Samples.median(control),
                    control.stream().map(v -> String.format("%.0f", v)).toList(), Samples.median(row.kit.values())));
            return List.of(row);
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }
}

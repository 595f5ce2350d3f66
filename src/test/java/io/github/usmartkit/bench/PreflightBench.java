package io.github.usmartkit.bench;

import io.github.usmartkit.internal.preflight.Preflight;
import io.github.usmartkit.upload.PreflightReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the upload preflight costs, against what reading the file costs anyway: the same CSV
 * (air-quality-like rows, quoted fields with commas, {@code mb} MiB, in the page cache) read as
 * bytes, decoded as UTF-8, digested with MD5 (which the upload computes while sending), and
 * checked by {@link Preflight}. The fork runs at -Xmx64m, less than the file: the check streams.
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main PreflightBench
 * </pre>
 * Divide {@code mb} by the seconds per operation for MiB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m"})
public class PreflightBench {

    @Param({"256"})
    public int mb;

    private Path dir;
    private Path csv;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("usmart-preflight-bench");
        csv = dir.resolve("air-quality.csv");
        Random r = new Random(1);
        String[] sites = {"Central Library", "\"Harbour Road, East\"", "North Park", "Station Street"};
        long target = (long) mb * 1024 * 1024;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("timestamp,site,no2,pm10,pm25,note\n");
            long written = 0;
            for (long i = 0; written < target; i++) {
                String line = "2026-01-" + (1 + i % 28) + "T" + (i % 24) + ":00:00Z," + sites[(int) (i % 4)] + ","
                        + (r.nextInt(900) / 10.0) + "," + (r.nextInt(500) / 10.0) + "," + (r.nextInt(300) / 10.0) + ","
                        + (i % 50 == 0 ? "\"calibrated, \"\"ok\"\"\"" : "") + "\n";
                w.write(line);
                written += line.length();
            }
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(csv);
        Files.deleteIfExists(dir);
    }

    /** The floor: the file's bytes read through a 64 KiB buffer. */
    @Benchmark
    public long readBytes() throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(csv)) {
            for (int k; (k = in.read(buf)) > 0; ) {
                n += k;
            }
        }
        return n;
    }

    /** Reading and decoding UTF-8 (what any text check must at least do). */
    @Benchmark
    public long decodeUtf8() throws IOException {
        long n = 0;
        char[] buf = new char[1 << 16];
        try (Reader in = new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8)) {
            for (int k; (k = in.read(buf)) > 0; ) {
                n += k;
            }
        }
        return n;
    }

    /** The MD5 of the file: the upload computes it while sending, so this is a cost it pays anyway. */
    @Benchmark
    public byte[] md5() throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(csv)) {
            for (int k; (k = in.read(buf)) > 0; ) {
                md.update(buf, 0, k);
            }
        }
        return md.digest();
    }

    /** The whole preflight: strict UTF-8, the CSV parsed, rows counted, columns classed. */
    @Benchmark
    public PreflightReport preflight() {
        return Preflight.check(csv, "air-quality.csv", "bench", null);
    }
}

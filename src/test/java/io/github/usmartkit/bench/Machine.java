package io.github.usmartkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine a run came from, and its load while each case ran: on a shared machine the load
 * says how far the figures can be trusted. Samples {@code /proc/loadavg} every second.
 */
final class Machine implements AutoCloseable {
    private final List<double[]> samples = new ArrayList<>(); // {nanoTime, load1}
    private final Thread sampler;

    Machine() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                double l = load1();
                synchronized (samples) {
                    samples.add(new double[] {System.nanoTime(), l});
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-load-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The 1-minute load average now (NaN where there is no /proc). */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Mean and highest 1-minute load average sampled since {@code sinceNanos}. */
    double[] loadSince(long sinceNanos) {
        double sum = 0;
        double max = Double.NaN;
        int n = 0;
        synchronized (samples) {
            for (double[] s : samples) {
                if (s[0] >= sinceNanos && !Double.isNaN(s[1])) {
                    sum += s[1];
                    max = Double.isNaN(max) ? s[1] : Math.max(max, s[1]);
                    n++;
                }
            }
        }
        double now = load1();
        if (n == 0) {
            return new double[] {now, now};
        }
        return new double[] {sum / n, max};
    }

    /** CPU model, cores, memory, OS, Java, the kit's commit. */
    static Map<String, String> describe(Path root) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memTotal());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("commit", commit(root));
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024 / 1024 + " GiB").findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String commit(Path root) {
        try {
            Proc.Result head = Proc.run(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"), null, 10);
            Proc.Result dirty = Proc.run(List.of("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no"), null, 10);
            return head.out().strip() + (dirty.out().isBlank() ? "" : " (with uncommitted changes)");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}

package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.read.RowQuery;
import tech.tablesaw.api.Table;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of {@code bin/usmart bench read-rows}: not a test, a main run by that script in
 * its own JVM against a sandbox in another. Publishes {@code ROWS} rows (timestamp, site, no2,
 * pm10, count) to the Playground dataset through the kit, then reads them back {@code RUNS}
 * times with {@code read(rc).all().table()}, each kit read next to a {@code curl} of the same
 * {@code limit(-1)} URL to {@code /dev/null} (so both meet the same load on the machine), and
 * prints one {@code key=value} line per run and a summary: times, MB/s, the heap in use at its
 * peak during the kit's read (sampled every 2 ms, garbage included), the most heap left after any
 * collection during it, and the finished table's own size (heap after a full collection with the
 * table held, less the heap before the read). Prints no secret.
 */
public final class ClientReadBench {
    static final String PLAYGROUND = "6acb8f8c-7bd3-46a0-9633-f271c8d17ed2";
    private static final String[] SITES = {"North Park", "Harbour Road", "Queen's Drive", "Station Street", "Central Library"};

    private ClientReadBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (USmart usmart = USmart.builder().home(null).readTimeout(Duration.ofMinutes(5)).connect()) {
            String rc = publish(usmart, rows);
            RowQuery all = usmart.read(rc).all();
            String url = all.url();
            System.out.println("published rows=" + rows + " rc=" + rc);
            // warm up both sides (the kit's and the sandbox's JIT): untimed full reads and a curl
            for (int i = 0; i < 3; i++) {
                all.table();
            }
            curl(url);
            List<double[]> kit = new ArrayList<>();
            List<double[]> curls = new ArrayList<>();
            long tableBytes = 0;
            for (int r = 0; r < runs; r++) {
                double[] c = curl(url);
                curls.add(c);
                gc();
                long before = memory.getHeapMemoryUsage().getUsed();
                Sampler sampler = new Sampler(memory);
                sampler.start();
                long t0 = System.nanoTime();
                Table t = all.table();
                long ns = System.nanoTime() - t0;
                sampler.stop();
                if (t.rowCount() != rows) {
                    throw new IllegalStateException("read " + t.rowCount() + " rows of " + rows);
                }
                gc();
                long held = memory.getHeapMemoryUsage().getUsed() - before;
                tableBytes = held;
                kit.add(new double[] {ns / 1e9, c[1], sampler.peak.get() - before, sampler.liveAfterGc() - before, held});
                System.out.printf("run=%d curlSeconds=%.3f curlBytes=%.0f kitSeconds=%.3f heapPeakMb=%.1f liveAfterGcPeakMb=%.1f tableMb=%.1f%n",
                        r + 1, c[0], c[1], ns / 1e9, mb(sampler.peak.get() - before), mb(sampler.liveAfterGc() - before), mb(held));
                t = null;
            }
            double curlMedian = median(curls.stream().mapToDouble(x -> x[0]).toArray());
            double kitMedian = median(kit.stream().mapToDouble(x -> x[0]).toArray());
            double curlBest = Arrays.stream(curls.stream().mapToDouble(x -> x[0]).toArray()).min().orElseThrow();
            double kitBest = Arrays.stream(kit.stream().mapToDouble(x -> x[0]).toArray()).min().orElseThrow();
            double bytes = curls.get(0)[1];
            double peak = Arrays.stream(kit.stream().mapToDouble(x -> x[2]).toArray()).max().orElseThrow();
            double live = Arrays.stream(kit.stream().mapToDouble(x -> x[3]).toArray()).max().orElseThrow();
            System.out.printf("summary rows=%d bytes=%.0f curlMedianSeconds=%.3f kitMedianSeconds=%.3f throughputRatioMedian=%.2f"
                            + " curlBestSeconds=%.3f kitBestSeconds=%.3f throughputRatioBest=%.2f curlMBps=%.1f kitMBps=%.1f"
                            + " heapPeakMb=%.1f liveAfterGcPeakMb=%.1f tableMb=%.1f heapPeakOverTable=%.2f liveOverTable=%.2f heapMaxMb=%.0f%n",
                    rows, bytes, curlMedian, kitMedian, curlMedian / kitMedian, curlBest, kitBest, curlBest / kitBest,
                    bytes / 1048576 / curlMedian, bytes / 1048576 / kitMedian, mb(peak), mb(live), mb(tableBytes),
                    peak / tableBytes, live / tableBytes, mb(memory.getHeapMemoryUsage().getMax()));
        }
    }

    private static double mb(double bytes) {
        return bytes / 1048576;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    /** {@code curl -s -o /dev/null URL}: seconds and bytes. The URL is a public dataset's: no key goes along. */
    private static double[] curl(String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{time_total} %{size_download}", url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl failed: " + out);
        }
        String[] f = out.split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    /** Publishes the rows as a new file of the Playground with a csv-to-api pipeline; the container GUID. */
    private static String publish(USmart usmart, int rows) throws IOException {
        Path csv = Files.createTempFile("read-rows-", ".csv");
        try {
            Random r = new Random(1);
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            try (BufferedWriter w = Files.newBufferedWriter(csv)) {
                w.write("timestamp,site,no2,pm10,count\n");
                for (int i = 0; i < rows; i++) {
                    w.write(t.plusSeconds(60L * i).toString());
                    w.write(',');
                    w.write(SITES[i % SITES.length]);
                    w.write(String.format(",%.1f,%.1f,%d%n", r.nextDouble() * 80, r.nextDouble() * 60, r.nextInt(500)));
                }
            }
            Dataset playground = usmart.dataset(PLAYGROUND);
            String file = playground.add(csv).fileGuid();
            String rc = playground.createPipeline("csv-to-api", file).resourceContainerGuid();
            playground.refresh(rc);
            if (!playground.awaitProcessed(Duration.ofMinutes(10)).ok()) {
                throw new IllegalStateException("processing failed: " + playground.pipelines());
            }
            return rc;
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** Samples the heap in use every 2 ms, and what is left after each collection. */
    private static final class Sampler {
        private final MemoryMXBean memory;
        final AtomicLong peak = new AtomicLong();
        private final AtomicLong live = new AtomicLong();
        private final List<javax.management.NotificationEmitter> emitters = new ArrayList<>();
        private final javax.management.NotificationListener listener;
        private volatile boolean running = true;
        private Thread thread;

        Sampler(MemoryMXBean memory) {
            this.memory = memory;
            var heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).map(java.lang.management.MemoryPoolMXBean::getName)
                    .collect(java.util.stream.Collectors.toSet());
            listener = (n, handback) -> {
                if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) n.getUserData()).getGcInfo();
                    long after = info.getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    live.accumulateAndGet(after, Math::max);
                }
            };
        }

        void start() {
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                var e = (javax.management.NotificationEmitter) gc;
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws Exception {
            running = false;
            thread.join();
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            for (var e : emitters) {
                e.removeNotificationListener(listener);
            }
        }

        long liveAfterGc() {
            return live.get();
        }
    }
}

package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The client side of the {@code upload} and {@code memory} cases of {@code bin/usmart bench}: not
 * a test, a main the suite runs in its own small JVM. Connects from the {@code USMART_*} environment (the sandbox's
 * env file), adds a small seed file to the Playground dataset, then times
 * {@code dataset(playground).replace(seedGuid, FILE)} and prints one line of figures
 * ({@code key=value}) for the script to tabulate. Prints no secret and no signed URL.
 */
public final class ClientUploadBench {
    /** The demo organisation's Playground dataset: public, no files, no pipelines to run. */
    static final String PLAYGROUND = "6acb8f8c-7bd3-46a0-9633-f271c8d17ed2";

    private ClientUploadBench() {
    }

    /** {@code ClientUploadBench FILE}: uploads FILE as described above and prints the figures. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ClientUploadBench FILE (run by bin/usmart bench upload / memory)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong heapPeak = new AtomicLong();
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        // Poll rather than trust pool peaks: the sum of per-pool peaks overstates the heap at any one moment.
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        // What survives each collection: the heap the kit really holds, garbage excluded.
        AtomicLong liveAfterGcPeak = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    long live = info.getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> heapPools.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    liveAfterGcPeak.accumulateAndGet(live, Math::max);
                }
            }, null, null);
        }

        // The PUT alone, from its first progress report to its end: the rest of the replace is the
        // control plane's calls (view, URL, register), which the curl baseline does not make.
        AtomicLong putStart = new AtomicLong();
        AtomicLong putEnd = new AtomicLong();
        ProgressListener put = new ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
                putStart.compareAndSet(0, System.nanoTime());
            }

            @Override
            public void finished(String task, boolean ok) {
                putEnd.set(System.nanoTime());
            }
        };
        Path seed = Files.createTempFile("client-upload-seed-", ".bin");
        long ns;
        long rssBefore;
        long cpu0;
        long samplerCpu0;
        long cpu;
        UploadResult result;
        // home(null): only the environment configures this run, never a credentials file
        try (USmart usmart = USmart.builder().home(null).connect()) {
            Files.writeString(seed, "seed\n");
            Dataset playground = usmart.dataset(PLAYGROUND);
            // the seed upload also warms up the client (class loading, HTTP connection set-up)
            String fileGuid = playground.add(seed).fileGuid();
            rssBefore = vmHwmKb();
            samplerCpu0 = threadCpuNanos(sampler);
            Map<String, Long> threads0 = THREADS ? threadCpu() : Map.of();
            cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            // -Dbench.repeat=N: the same file N times in this JVM (the memory case's control: as long a
            // run as the big file's, made of small files)
            result = null;
            for (int i = 0, n = Integer.getInteger("bench.repeat", 1); i < n; i++) {
                result = playground.replaceFile(fileGuid, file, UploadOptions.defaults().progress(put));
            }
            ns = System.nanoTime() - t0;
            // the kit's CPU: this JVM's, less what this bench's own heap sampler spent meanwhile
            cpu = cpuNanos() - cpu0 - (threadCpuNanos(sampler) - samplerCpu0);
            if (THREADS) {
                printThreadCpu(threads0, threadCpu(), ns);
            }
        } finally {
            Files.deleteIfExists(seed);
        }
        sampler.interrupt();
        sampler.join();
        heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining("+")).replace(' ', '_');
        System.out.println("bytes=" + result.bytes() * Integer.getInteger("bench.repeat", 1) + " ns=" + ns + " putNs=" + (putEnd.get() - putStart.get()) + " cpuNs=" + cpu + " etagMatches=" + result.etagMatches()
                + " heapPeakKb=" + heapPeak.get() / 1024
                + " liveAfterGcPeakKb=" + liveAfterGcPeak.get() / 1024
                + " heapMaxKb=" + memory.getHeapMemoryUsage().getMax() / 1024
                + " rssBeforeKb=" + rssBefore + " rssPeakKb=" + vmHwmKb()
                + " gc=" + gcs);
    }

    /**
     * {@code -Dbench.threads=true}: also print each thread's CPU during the replace (issue 13: which
     * of the pump, the client's selector and executor, the JIT and GC threads the kit's CPU goes to),
     * from {@code /proc/self/task}, which, unlike ThreadMXBean, also sees the JVM's own threads.
     */
    static final boolean THREADS = Boolean.getBoolean("bench.threads");

    /** "tid name" → user+system CPU ns of every thread of this JVM (Linux; empty elsewhere). */
    static Map<String, Long> threadCpu() {
        Map<String, Long> m = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String k = t.getFileName() + " " + name.replace(' ', '_');
                    m.put(k, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L);
                    // the scheduler's view: time waiting for a core, and how often the thread blocked
                    String[] sched = Files.readString(t.resolve("schedstat")).trim().split(" ");
                    m.put(k + " wait", Long.parseLong(sched[1]));
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            m.put(k + " blocks", Long.parseLong(line.replaceAll("\\D+", "")));
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return m;
        }
        return m;
    }

    static void printThreadCpu(Map<String, Long> before, Map<String, Long> after, long wallNs) {
        after.forEach((k, v) -> {
            if (k.endsWith(" wait") || k.endsWith(" blocks")) {
                return;
            }
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                System.out.printf("thread %-28s cpu %6.2f s (%5.1f %% of the wall), waiting for a core %5.2f s, blocked %d times%n", k, d / 1e9,
                        100.0 * d / wallNs, (after.getOrDefault(k + " wait", 0L) - before.getOrDefault(k + " wait", 0L)) / 1e9,
                        after.getOrDefault(k + " blocks", 0L) - before.getOrDefault(k + " blocks", 0L));
            }
        });
    }

    /** CPU time of this whole JVM so far (every thread, the JIT and GC included). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of one thread so far (0 where the JVM cannot tell). */
    static long threadCpuNanos(Thread t) {
        long n = ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId());
        return Math.max(0, n);
    }

    /** Peak resident set size of this JVM so far (Linux {@code VmHWM}, KB); -1 where there is no /proc. */
    static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

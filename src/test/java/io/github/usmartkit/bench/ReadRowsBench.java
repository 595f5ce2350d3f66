package io.github.usmartkit.bench;

import io.github.usmartkit.USmart;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import tech.tablesaw.api.Table;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The kit's side of the {@code read} case of {@code bin/usmart bench}: not a test, a main the
 * suite runs in its own JVM. Connects from the {@code USMART_*} environment, reads every row of
 * the pipeline {@code RC} three times untimed (class loading, JIT), then times {@code rows(rc, -1)} and
 * prints {@code key=value} figures: rows, ns, the table's retained size (heap after a full
 * collection with the table held, less before), and the most heap left after any collection
 * during the timed read, less before.
 */
public final class ReadRowsBench {
    private ReadRowsBench() {
    }

    /** {@code ReadRowsBench RC}. */
    public static void main(String[] args) throws Exception {
        String rc = args[0];
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        AtomicLong liveAfterGcPeak = new AtomicLong();
        AtomicBoolean counting = new AtomicBoolean();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (counting.get() && GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    long live = info.getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    liveAfterGcPeak.accumulateAndGet(live, Math::max);
                }
            }, null, null);
        }
        try (USmart usmart = USmart.builder().home(null).history(null).connect()) {
            // three untimed reads first: the reader's parsing loops are compiled by C2 only after a few
            // million tokens, and a notebook that reads this much reads it more than once
            int warmRows = 0;
            for (int i = 0; i < 3; i++) {
                warmRows = usmart.rows(rc, -1).rowCount();
            }
            long before = usedAfterGc();
            counting.set(true);
            long t0 = System.nanoTime();
            Table t = usmart.rows(rc, -1);
            long ns = System.nanoTime() - t0;
            counting.set(false);
            long after = usedAfterGc();
            System.out.println("rows=" + t.rowCount() + " warmRows=" + warmRows + " columns=" + t.columnCount() + " ns=" + ns
                    + " tableBytes=" + Math.max(0, after - before)
                    + " livePeakBytes=" + Math.max(0, Math.max(liveAfterGcPeak.get(), after) - before));
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

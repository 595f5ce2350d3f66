package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.CAR;
import static io.github.usmartkit.sandbox.DemoGuids.CAR_API;
import static io.github.usmartkit.sandbox.DemoGuids.CAR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many clients uploading and registering at once: no lost or mixed-up revisions. */
class ConcurrencyTest {
    static final int THREADS = 8;
    static final int ROUNDS = 6;

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    static byte[] csv(int thread, int round) {
        StringBuilder sb = new StringBuilder("timestamp,car_park,capacity,occupied\n");
        for (int i = 0; i <= thread + round; i++) {
            sb.append("2026-11-27T10:00:00Z,T").append(thread).append("-R").append(round).append(",100,").append(i).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void concurrentRevisions_noneLostNoneMixedUp() throws Exception {
        try (Sandbox sb = Sandbox.builder().processingDelay(Duration.ofMillis(10)).start()) {
            int start = TestHttp.view(sb, CAR).get("files").get(0).get("revision").asInt();
            Map<Integer, String> md5ByRevision = new ConcurrentHashMap<>();
            Map<String, String> ownFileLastMd5 = new ConcurrentHashMap<>();
            Map<Integer, String> tagByRevision = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    // each thread also owns a file of its own, created and revised in turn
                    byte[] first = csv(thread, 100);
                    JsonNode own = TestHttp.createFile(sb, PLAYGROUND, "own-" + thread + ".csv", first);
                    String ownGuid = own.get("fileGUID").asText();
                    for (int r = 0; r < ROUNDS; r++) {
                        byte[] shared = csv(thread, r);
                        JsonNode f = TestHttp.updateRevision(sb, CAR_FILE, "car-park-occupancy.csv", shared);
                        String previous = md5ByRevision.put(f.get("revision").asInt(), md5(shared));
                        assertEquals(null, previous, "revision " + f.get("revision") + " handed out twice");
                        assertEquals(md5(shared), f.get("md5").asText());
                        tagByRevision.put(f.get("revision").asInt(), "T" + thread + "-R" + r);
                        byte[] mine = csv(thread, 200 + r);
                        JsonNode o = TestHttp.updateRevision(sb, ownGuid, "own-" + thread + ".csv", mine);
                        assertEquals(r + 2, o.get("revision").asInt());
                        ownFileLastMd5.put(ownGuid, md5(mine));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();

            int last = start + THREADS * ROUNDS;
            Set<Integer> expected = new TreeSet<>();
            for (int r = start + 1; r <= last; r++) {
                expected.add(r);
            }
            assertEquals(expected, new TreeSet<>(md5ByRevision.keySet()));
            JsonNode shared = TestHttp.view(sb, CAR).get("files").get(0);
            assertEquals(last, shared.get("revision").asInt());
            assertEquals(md5ByRevision.get(last), shared.get("md5").asText());

            int ownSeen = 0;
            for (JsonNode f : TestHttp.view(sb, PLAYGROUND).get("files")) {
                String guid = f.get("fileGUID").asText();
                if (ownFileLastMd5.containsKey(guid)) {
                    ownSeen++;
                    assertEquals(ROUNDS + 1, f.get("revision").asInt());
                    assertEquals(ownFileLastMd5.get(guid), f.get("md5").asText());
                }
            }
            assertEquals(THREADS, ownSeen);

            // the published rows are those of the last revision, not of another thread's upload
            TestHttp.ok(sb, "resourceContainer:process", sb.providerKey(), "{\"resourceContainerGUID\":\"" + CAR_API + "\"}");
            assertEquals("complete", TestHttp.awaitProcessed(sb, CAR, CAR_API).get("status").asText());
            JsonNode rows = TestHttp.get(sb.baseUrl() + "/org/" + sb.org() + "/" + CAR_API + "/latest/urql?limit(-1)", null).json();
            assertTrue(rows.size() > 0);
            rows.forEach(r -> assertEquals(tagByRevision.get(last), r.get("car_park").asText()));
        }
    }
}

package io.github.usmartkit.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measurement of the sandbox's server, not a test (no timed assertion): a main that starts an
 * in-process sandbox and prints medians. Cases:
 * <ul>
 * <li>{@code view}: one {@code dataset:view} at a time on one kept-alive connection (what every
 *     test and notebook call pays: Nagle's algorithm shows here);</li>
 * <li>{@code process}: rounds of 20 concurrent {@code resourceContainer:process} calls against a
 *     sandbox with a data directory (every answer waits for its change to be on disk).</li>
 * </ul>
 * Run: {@code mvn -q -DskipTests test-compile && java -cp target/test-classes:$(bin/usmart classpath)
 * io.github.usmartkit.sandbox.SandboxBench [view|process]...}; see docs/sandbox.md.
 */
public final class SandboxBench {
    private static final String AIR = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
    private static final String[] CONTAINERS = {"e5a73062-ed6c-4282-8262-b33ae725f02b", "c3c07df2-3773-45aa-8597-b78b38666096",
        "ade675ea-1a63-4322-9d7a-c58782afe012", "14097793-c88a-48d1-b817-29a4a0017332"};

    private SandboxBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> cases = args.length == 0 ? List.of("view", "process") : Arrays.asList(args);
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, sun.net.httpserver.nodelay=" + System.getProperty("sun.net.httpserver.nodelay"));
        for (String c : cases) {
            switch (c) {
                case "view" -> view();
                case "process" -> process();
                default -> throw new IllegalArgumentException("unknown case " + c + "; cases: view, process");
            }
        }
    }

    private static void view() throws Exception {
        try (Sandbox sb = Sandbox.start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest req = request(sb, "dataset:view", "{\"datasetGUID\":\"" + AIR + "\"}", sb.viewerKey());
            for (int i = 0; i < 100; i++) {
                check(client.send(req, HttpResponse.BodyHandlers.ofString()));
            }
            int n = 300;
            long[] ns = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                check(client.send(req, HttpResponse.BodyHandlers.ofString()));
                ns[i] = System.nanoTime() - t0;
            }
            System.out.printf("view: %d sequential dataset:view on one connection: median %.2f ms, p90 %.2f ms, min %.2f ms%n",
                    n, ms(pct(ns, 50)), ms(pct(ns, 90)), ms(pct(ns, 0)));
        }
    }

    private static void process() throws Exception {
        Path dir = Files.createTempDirectory("usmart-bench-process-");
        int threads = 20;
        int rounds = 30;
        try (Sandbox sb = Sandbox.builder().dataDir(dir).processingDelay(Duration.ofMinutes(10)).start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier go = new CyclicBarrier(threads + 1);
            long[] roundNs = new long[rounds + 3];
            List<Long> callNs = new ArrayList<>();
            for (int r = 0; r < rounds + 3; r++) {
                List<Future<Long>> calls = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    HttpRequest req = request(sb, "resourceContainer:process",
                            "{\"resourceContainerGUID\":\"" + CONTAINERS[t % CONTAINERS.length] + "\"}", sb.providerKey());
                    calls.add(pool.submit(() -> {
                        go.await();
                        long t0 = System.nanoTime();
                        check(client.send(req, HttpResponse.BodyHandlers.ofString()));
                        return System.nanoTime() - t0;
                    }));
                }
                go.await();
                long t0 = System.nanoTime();
                List<Long> these = new ArrayList<>();
                for (Future<Long> f : calls) {
                    these.add(f.get());
                }
                roundNs[r] = System.nanoTime() - t0;
                if (r >= 3) { // the first rounds warm up
                    callNs.addAll(these);
                }
            }
            pool.shutdown();
            long[] rounds3 = Arrays.copyOfRange(roundNs, 3, roundNs.length);
            long[] calls = callNs.stream().mapToLong(Long::longValue).toArray();
            System.out.printf("process: %d rounds of %d concurrent resourceContainer:process (durable, %s): round median %.1f ms "
                            + "(min %.1f, max %.1f); per call median %.1f ms, p90 %.1f ms%n", rounds, threads, dir,
                    ms(pct(rounds3, 50)), ms(pct(rounds3, 0)), ms(pct(rounds3, 100)), ms(pct(calls, 50)), ms(pct(calls, 90)));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static HttpRequest request(Sandbox sb, String action, String body, ApiKey key) {
        return HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/org/" + sb.org() + "/" + action))
                .header("Content-Type", "application/json").header("api-key-id", key.id()).header("api-key-secret", key.secret())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
        }
    }

    private static long pct(long[] values, int p) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.round(p / 100.0 * (v.length - 1)))];
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }
}

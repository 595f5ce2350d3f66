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
 *     sandbox with a data directory (every answer waits for its change to be on disk);</li>
 * <li>{@code held}: 1,000 connections held open (partial headers, partial bodies, partial
 *     uploads), then {@code dataset:view} on fresh connections while they are held, then how long
 *     until the sandbox has closed every held one (default bounds: 10 s headers, 30 s bodies).</li>
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
        List<String> cases = args.length == 0 ? List.of("view", "process", "held") : Arrays.asList(args);
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, sun.net.httpserver.nodelay at JVM start=" + System.getProperty("sun.net.httpserver.nodelay"));
        for (String c : cases) {
            switch (c) {
                case "view" -> view();
                case "process" -> process();
                case "held" -> held();
                default -> throw new IllegalArgumentException("unknown case " + c + "; cases: view, process, held");
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

    private static void held() throws Exception {
        try (Sandbox sb = Sandbox.start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest put = request(sb, "s3:generatePutRequest", "{\"fileName\":\"held.csv\"}", sb.providerKey());
            String signed = Json.MAPPER.readTree(client.send(put, HttpResponse.BodyHandlers.ofString()).body())
                    .get("result").get("signedRequest").asText();
            URI u = URI.create(signed);
            List<java.net.Socket> held = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                String bytes = switch (i % 10) {
                    case 0, 1, 2, 3 -> "POST /org/" + sb.org() + "/dataset:view HTTP/1.1\r\nHost: x\r\nContent-Ty";
                    case 4, 5, 6 -> "POST /org/" + sb.org() + "/dataset:view HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"data";
                    default -> "PUT " + u.getRawPath() + "?" + u.getRawQuery() + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                            + "Content-Length: 100000\r\n\r\na,b\n";
                };
                java.net.Socket s = new java.net.Socket("127.0.0.1", sb.port());
                s.getOutputStream().write(bytes.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                held.add(s);
            }
            System.out.printf("held: 1000 connections opened and held in %.0f ms%n", ms(System.nanoTime() - t0));
            Thread.sleep(3000); // the sandbox starts a thread for each: let that settle
            HttpRequest view = HttpRequest.newBuilder(request(sb, "dataset:view", "{\"datasetGUID\":\"" + AIR + "\"}", sb.viewerKey()), (k, v) -> true)
                    .timeout(Duration.ofSeconds(10)).build();
            long[] ns = new long[20];
            for (int i = 0; i < ns.length; i++) {
                HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long t = System.nanoTime();
                try {
                    check(fresh.send(view, HttpResponse.BodyHandlers.ofString()));
                    ns[i] = System.nanoTime() - t;
                } catch (java.net.http.HttpTimeoutException e) {
                    System.out.println("held: dataset:view got no answer within 10 s while the connections are held");
                    held.forEach(SandboxBench::closeQuietly);
                    return;
                }
            }
            System.out.printf("held: dataset:view on a fresh connection while 1000 are held: median %.1f ms, max %.1f ms (first %.1f ms)%n",
                    ms(pct(ns, 50)), ms(pct(ns, 100)), ms(ns[0]));
            // partial headers first (closed at the 10 s bound), then the partial bodies (30 s)
            String[] kinds = {"partial headers", "partial control-plane bodies", "partial uploads"};
            for (int k = 0; k < kinds.length; k++) {
                long last = 0;
                for (int j = 0; j < held.size(); j++) {
                    int kind = j % 10 < 4 ? 0 : j % 10 < 7 ? 1 : 2;
                    if (kind != k) {
                        continue;
                    }
                    java.net.Socket s = held.get(j);
                    s.setSoTimeout(60_000);
                    try {
                        while (s.getInputStream().read() >= 0) {
                            // an answer, then the close
                        }
                    } catch (java.io.IOException closed) {
                        // reset: closed
                    }
                    last = System.nanoTime() - t0;
                }
                System.out.printf("held: the last of the %s closed by the sandbox %.1f s after the first was opened%n", kinds[k], last / 1e9);
            }
            held.forEach(SandboxBench::closeQuietly);
        }
    }

    private static void closeQuietly(java.net.Socket s) {
        try {
            s.close();
        } catch (java.io.IOException ignored) {
            // closing anyway
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

package io.github.usmartkit.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usmartkit.Dataset;
import io.github.usmartkit.KitThreads;
import io.github.usmartkit.USmart;
import io.github.usmartkit.catalog.CatalogDataset;
import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.sandbox.SandboxFaults;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The soak of issue 12: many threads publishing at once against a sandbox that faults a good share
 * of its requests (5xx, 429 with Retry-After, answers reset mid-body, slow answers, signed URLs
 * expired on arrival, and writes carried out whose answer is then lost), and afterwards the
 * sandbox's state held against what the kit reported. Each operation — replace → refresh → await,
 * add, createPipeline, publish — must have succeeded exactly once, or failed with a clear kit error
 * (a {@code USmartException} with a what-to-do) that says so when it cannot tell whether it landed.
 * It counts, from the state: registered revisions whose object is missing or of the wrong size;
 * duplicate files, revisions and pipelines; operations reported failed that landed, or reported
 * succeeded that did not; calls past their deadline; kit threads left busy. It prints the figures
 * and writes them as JSON under {@code target/soak/}.
 *
 * <p>Phases, each on its own sandbox over one data directory: the setup (no faults: each thread's
 * home file and its csv-to-api pipeline, processed), the soak (faults on, the request log kept),
 * the check (no faults, the state read through dataset:view, downloads and the data directory).
 *
 * <pre>
 * mvn -B -q -DskipTests test-compile
 * java -cp target/test-classes:target/classes:$(cat target/runtime-classpath.txt) io.github.usmartkit.soak.Soak \
 *     --seconds 300 --threads 8 --fault-rate 0.25 --seed 1,2,3
 * mvn -B verify -Psoak -Dsoak.seconds=300 -Dsoak.seeds=1,2,3      (the same through failsafe's SoakIT)
 * </pre>
 * Exit status 1 when any seed found an anomaly or did not fault what it must.
 */
public final class Soak {

    /** How long each stage of a pipeline run lasts in the soak's sandboxes. */
    static final Duration PROCESSING = Duration.ofMillis(50);
    /** Allowed beyond a call's deadline: abandoning the exchange, waking, building the exception, on 2 loaded cores. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** The shortest time awaitProcessed gives its last poll (Dataset.MIN_POLL). */
    static final Duration MIN_POLL = Duration.ofSeconds(2);

    private Soak() {
    }

    /**
     * What to run.
     *
     * @param duration    how long the threads draw new operations (at least)
     * @param minOps      and until at least this many operations were made...
     * @param maxDuration ...but never longer than this
     * @param threads     worker threads, each with its own session
     * @param faultRate   the share of requests faulted (5xx, 429, reset, slow: each a part of it); half of it again of
     *                    writes and PUTs, answered after being carried out (lost), and of signed URLs, expired on arrival
     * @param seed        the sandbox's fault draws and the workers' choices
     * @param slowDelay   how long a slow answer is held (below the read timeout: slow, not lost)
     * @param deadline    each call's deadline (RetryPolicy.maxTotal)
     * @param readTimeout the sessions' read timeout
     * @param out         where the JSON and the run's files go
     * @param keepData    keep the sandbox's data directory afterwards
     */
    public record Options(Duration duration, int minOps, Duration maxDuration, int threads, double faultRate, long seed,
                          Duration slowDelay, Duration deadline, Duration readTimeout, Path out, boolean keepData) {

        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), 200, Duration.ofMinutes(4), 8, 0.25, 1, Duration.ofSeconds(1),
                    Duration.ofSeconds(20), Duration.ofSeconds(5), Path.of("target", "soak"), false);
        }

        public Options withSeed(long s) {
            return new Options(duration, minOps, maxDuration, threads, faultRate, s, slowDelay, deadline, readTimeout, out, keepData);
        }

        public Options withDuration(Duration d, int ops, Duration max) {
            return new Options(d, ops, max, threads, faultRate, seed, slowDelay, deadline, readTimeout, out, keepData);
        }

        public Options withThreads(int n) {
            return new Options(duration, minOps, maxDuration, n, faultRate, seed, slowDelay, deadline, readTimeout, out, keepData);
        }

        public Options withFaultRate(double r) {
            return new Options(duration, minOps, maxDuration, threads, r, seed, slowDelay, deadline, readTimeout, out, keepData);
        }

        public Options withSlowDelay(Duration d) {
            return new Options(duration, minOps, maxDuration, threads, faultRate, seed, d, deadline, readTimeout, out, keepData);
        }

        public Options withOut(Path dir, boolean keep) {
            return new Options(duration, minOps, maxDuration, threads, faultRate, seed, slowDelay, deadline, readTimeout, dir, keep);
        }

        /**
         * The sandbox's --faults spec: of every request, 5xx 40 %, 429 20 %, reset 20 %, slow 20 % of the rate; of the
         * writes and PUTs left, half the rate more carried out and their answer lost; of signed URLs, half the rate expired.
         */
        public String faultSpec() {
            double r = faultRate;
            return String.format(Locale.ROOT, "seed=%d,5xx=%.4f,429=%.4f,reset=%.4f,slow=%.4f,delay=%dms,expire=%.4f,lost=%.4f", seed,
                    0.4 * r, 0.2 * r, 0.2 * r, 0.2 * r, slowDelay.toMillis(), r / 2, r / 2);
        }

        /** The options as a command line of {@link Soak#main}. */
        public String command() {
            return String.format(Locale.ROOT, "--seconds %d --min-ops %d --max-seconds %d --threads %d --fault-rate %s --seed %d"
                            + " --slow-delay %dms --deadline %dms --read-timeout %dms", duration.toSeconds(), minOps, maxDuration.toSeconds(),
                    threads, faultRate, seed, slowDelay.toMillis(), deadline.toMillis(), readTimeout.toMillis());
        }
    }

    /** One thread's fixture: its home file and pipeline in a home dataset, and the dataset it adds files to. */
    record Home(int thread, String dataset, String file, String pipeline, String addTo, long revision) {
    }

    /**
     * {@code --seconds N --min-ops N --max-seconds N --threads N --fault-rate F --seed N[,N…] --slow-delay D
     * --deadline D --read-timeout D --out DIR --keep-data}; every seed is run in turn.
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        List<Long> seeds = List.of(o.seed());
        Duration duration = o.duration();
        int minOps = o.minOps();
        Duration max = null;
        Duration deadline = o.deadline();
        Duration read = o.readTimeout();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keep-data")) {
                o = o.withOut(o.out(), true);
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: Soak [--seconds 30] [--min-ops 200] [--max-seconds 240] [--threads 8] [--fault-rate 0.25]"
                        + " [--seed 1[,2,…]] [--slow-delay 1s] [--deadline 20s] [--read-timeout 5s] [--out target/soak] [--keep-data]");
                return;
            }
            String v = i + 1 < args.length ? args[++i] : null;
            switch (a) {
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(need(a, v)));
                case "--min-ops" -> minOps = Integer.parseInt(need(a, v));
                case "--max-seconds" -> max = Duration.ofSeconds(Long.parseLong(need(a, v)));
                case "--threads" -> o = o.withThreads(Integer.parseInt(need(a, v)));
                case "--fault-rate" -> o = o.withFaultRate(Double.parseDouble(need(a, v)));
                case "--seed", "--seeds" -> seeds = Stream.of(need(a, v).split(",")).map(String::strip).map(Long::parseLong).toList();
                case "--slow-delay" -> o = o.withSlowDelay(duration(a, need(a, v)));
                case "--deadline" -> deadline = duration(a, need(a, v));
                case "--read-timeout" -> read = duration(a, need(a, v));
                case "--out" -> o = o.withOut(Path.of(need(a, v)), o.keepData());
                default -> throw new IllegalArgumentException("unknown option " + a + " (--help lists them)");
            }
        }
        Duration maxDuration = max != null ? max : duration.multipliedBy(2).plusMinutes(3);
        o = new Options(duration, minOps, maxDuration, o.threads(), o.faultRate(), o.seed(), o.slowDelay(), deadline, read, o.out(),
                o.keepData());
        boolean clean = true;
        List<SoakReport> reports = new ArrayList<>();
        for (long s : seeds) {
            SoakReport r = run(o.withSeed(s));
            reports.add(r);
            clean &= r.clean();
        }
        if (reports.size() > 1) {
            System.out.println(SoakReport.summary(reports));
        }
        System.exit(clean ? 0 : 1);
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static Duration duration(String option, String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must look like 1s or 500ms, not " + v, e);
        }
    }

    /** Runs one soak, prints its figures and writes them to {@code out/soak-seed{seed}.json}. */
    public static SoakReport run(Options o) throws IOException, InterruptedException {
        Path runDir = o.out().resolve("seed-" + o.seed());
        deleteTree(runDir);
        Files.createDirectories(runDir);
        Path data = runDir.resolve("data");
        SoakReport report = new SoakReport(o);

        // 1. setup, no faults
        List<Home> homes;
        Map<String, int[]> setupCounts = new LinkedHashMap<>();
        try (Sandbox sb = Sandbox.builder().dataDir(data).processingDelay(PROCESSING).start(); USmart u = session(sb, null, o)) {
            homes = setup(u, o, runDir, setupCounts);
        }

        // 2. the soak, faults on
        List<SoakOp> ops;
        Map<SandboxFaults.Injected, Long> injected;
        List<CallLog.Call> calls;
        Path requests = runDir.resolve("requests.log");
        long t0;
        try (PrintStream log = new PrintStream(Files.newOutputStream(requests), true, StandardCharsets.UTF_8);
             CallLog callLog = new CallLog()) {
            Sandbox sb = Sandbox.builder().dataDir(data).processingDelay(PROCESSING).faults(o.faultSpec()).requestLog(log).start();
            try {
                Set<Long> before = threadIds();
                List<USmart> sessions = new ArrayList<>();
                ConcurrentLinkedQueue<SoakOp> done = new ConcurrentLinkedQueue<>();
                AtomicInteger ids = new AtomicInteger();
                t0 = System.nanoTime();
                long start = t0;
                BooleanSupplier more = () -> {
                    long el = System.nanoTime() - start;
                    return el < o.maxDuration().toNanos() && (el < o.duration().toNanos() || ids.get() < o.minOps());
                };
                List<Thread> workers = new ArrayList<>();
                for (Home h : homes) {
                    USmart s = session(sb, runDir.resolve("history-t" + h.thread() + ".jsonl"), o);
                    sessions.add(s);
                    Path dir = Files.createDirectories(runDir.resolve("files-t" + h.thread()));
                    Thread t = new Thread(new SoakWorker(h, s, o.seed(), dir, runDir.resolve("history-t" + h.thread() + ".jsonl"), more,
                            done::add, ids, t0, "soak-s" + o.seed() + "-t" + h.thread()), "soak-worker-" + h.thread());
                    t.setDaemon(true);
                    workers.add(t);
                }
                workers.forEach(Thread::start);
                long joinBy = System.nanoTime() + o.maxDuration().plus(SoakWorker.AWAIT).plusMinutes(5).toNanos();
                for (Thread t : workers) {
                    t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
                    if (t.isAlive()) {
                        report.anomaly("worker " + t.getName() + " did not end: " + stack(t));
                        t.interrupt();
                    }
                }
                report.soakMillis = (System.nanoTime() - t0) / 1_000_000;
                for (String busy : KitThreads.busyAfter(before, Duration.ofSeconds(5))) {
                    report.anomaly("a kit thread is still busy in an exchange after every operation ended: " + busy);
                    report.threadsBusyAfter++;
                }
                sessions.forEach(USmart::close);
                report.threadsAliveAfterClose = aliveAfter(before, Duration.ofSeconds(5));
                if (report.threadsAliveAfterClose > 0) {
                    report.anomaly(report.threadsAliveAfterClose + " kit threads are still alive 5 s after every session was closed");
                }
                ops = new ArrayList<>(done);
                ops.sort(Comparator.comparingInt(op -> op.id));
                injected = sb.faults().injected();
            } finally {
                sb.close();
            }
            calls = callLog.calls();
        }
        report.requests(Files.readAllLines(requests, StandardCharsets.UTF_8), injected);
        report.calls(calls);
        report.deadlines(calls, ops);

        // 3. the check, no faults
        JsonNode state = new ObjectMapper().readTree(data.resolve("state.json").toFile());
        try (Sandbox sb = Sandbox.builder().dataDir(data).processingDelay(PROCESSING).start(); USmart u = session(sb, null, o)) {
            Map<String, DatasetView> views = new LinkedHashMap<>();
            for (String d : setupCounts.keySet()) {
                views.put(d, u.dataset(d).view());
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            SoakCheck check = new SoakCheck(ops, homes, setupCounts, views, state, data.resolve("blobs"),
                    file -> download(http, sb, file), SoakWorker.PIPELINE_ID);
            check.run();
            report.checked(ops, check);
        }
        report.ops(ops);
        if (!o.keepData()) {
            deleteTree(data);
        }
        for (Home h : homes) {
            deleteTree(runDir.resolve("files-t" + h.thread()));
        }
        report.write(runDir, o.out().resolve("soak-seed" + o.seed() + ".json"));
        System.out.println(report.toText());
        return report;
    }

    static USmart session(Sandbox sb, Path history, Options o) {
        return USmart.builder().environment(Map.of()).home(null).history(history)
                .baseUrl(sb.baseUrl()).readUrl(sb.baseUrl()).org(sb.org())
                .apiKey(sb.providerKey().id(), sb.providerKey().secret())
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), o.deadline()))
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(o.readTimeout()).connect();
    }

    /**
     * Each thread's home file (and its csv-to-api pipeline, processed) in one of the first half of
     * the organisation's datasets, and a dataset of the other half to add files to; how many files
     * and pipelines each dataset holds afterwards.
     */
    private static List<Home> setup(USmart u, Options o, Path runDir, Map<String, int[]> counts) throws IOException {
        List<String> all = u.dcat().datasets().stream().map(CatalogDataset::guid).toList();
        if (all.size() < 2) {
            throw new IllegalStateException("the soak needs at least 2 datasets, the sandbox lists " + all);
        }
        List<String> settled = all.stream().filter(d -> u.dataset(d).view().pipelines().stream().allMatch(PipelineInfo::finished)).toList();
        int h = Math.max(1, Math.min(settled.size(), all.size() / 2 + all.size() % 2));
        List<String> homes = settled.subList(0, h);
        List<String> adds = all.stream().filter(d -> !homes.contains(d)).toList();
        Path dir = Files.createDirectories(runDir.resolve("setup"));
        List<String[]> made = new ArrayList<>();
        UploadOptions quiet = UploadOptions.defaults().progress(ProgressListener.none());
        for (int i = 0; i < o.threads(); i++) {
            String home = homes.get(i % homes.size());
            Path f = Files.writeString(dir.resolve("soak-s" + o.seed() + "-t" + i + "-home.csv"),
                    "timestamp,site,value,op\n2026-03-01T00:00:00Z,Site 0,1.5,0\n2026-03-01T00:01:00Z,Site 1,2.5,0\n");
            Dataset d = u.dataset(home);
            UploadResult up = d.add(f, quiet);
            PipelineInfo p = d.createPipeline(SoakWorker.PIPELINE_ID, up.fileGuid());
            d.refresh(p.resourceContainerGuid());
            made.add(new String[] {home, up.fileGuid(), p.resourceContainerGuid(), adds.get(i % adds.size()), String.valueOf(up.revision())});
        }
        for (String home : homes) {
            if (!u.dataset(home).awaitProcessed(SoakWorker.AWAIT, ProgressListener.none()).ok()) {
                throw new IllegalStateException("the setup's pipelines did not process in " + home);
            }
        }
        for (String d : all) {
            DatasetView v = u.dataset(d).view();
            counts.put(d, new int[] {v.files().size(), v.pipelines().size()});
        }
        deleteTree(dir);
        List<Home> out = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            String[] m = made.get(i);
            out.add(new Home(i, m[0], m[1], m[2], m[3], Long.parseLong(m[4])));
        }
        return out;
    }

    /** A file's current bytes through the public download ({@code GET /org/{org}/resource?resourceGUID=}), with the keys. */
    private static byte[] download(HttpClient http, Sandbox sb, String fileGuid) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/org/" + sb.org()
                    + "/resource?resourceGUID=" + fileGuid)).header("api-key-id", sb.providerKey().id())
                    .header("api-key-secret", sb.providerKey().secret()).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("download of " + fileGuid + " answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<Long> threadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /** Kit threads started during the soak still alive {@code settle} after every session was closed. */
    private static int aliveAfter(Set<Long> before, Duration settle) throws InterruptedException {
        long end = System.nanoTime() + settle.toNanos();
        int alive;
        do {
            alive = (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t.getId()) && t.isAlive())
                    .filter(t -> Stream.of("usmart-call-", "usmart-http-", "usmart-put-", "usmart-refresh-", "usmart-lookahead-",
                            "usmart-upload-").anyMatch(t.getName()::startsWith))
                    .count();
            if (alive > 0) {
                Thread.sleep(100); // polling threads' states: nothing to wait on
            }
        } while (alive > 0 && System.nanoTime() < end);
        return alive;
    }

    private static String stack(Thread t) {
        return Stream.of(t.getStackTrace()).limit(15).map(String::valueOf).collect(Collectors.joining("\n    at ", "\n    at ", ""));
    }

    /** Deletes a directory and all it holds (nothing if it is not there). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

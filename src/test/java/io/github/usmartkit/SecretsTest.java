package io.github.usmartkit;


import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.ErrorBox;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.text.Debug;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.sandbox.ApiKey;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API secret and signed URL query strings never appear in anything the kit emits: messages,
 * stack traces, toString()s, displays, the console, logs. {@link #everythingTheKitEmits_holdsNoSecretNorSignature}
 * runs a whole session (every verb, and the failures of {@link BadInputTest}, {@link OddAnswersTest}
 * and {@link ObjectStoreAnswersTest}) and scans all of it; what it scans is gathered in an
 * {@link Emitted}, the extension point for further outputs (notebook outputs, history).
 */
class SecretsTest {

    /** A table's failures, and the secrets and signatures that were in play there. */
    record Failures(String source, List<String> secrets, List<String> signatures, List<Throwable> thrown) {
    }

    /**
     * Everything the kit emitted, by where it went. To scan a further output — a notebook's
     * cells, JShell or kernel history (issue 12) — {@link #add} its text under a name of its
     * own; {@link #leaks} then covers it.
     */
    static final class Emitted {
        private final List<String[]> texts = new ArrayList<>();

        /** A text the kit emitted, and where it went. */
        void add(String where, String text) {
            if (text != null) {
                texts.add(new String[] {where, text});
            }
        }

        /** An exception, every way a person or a log may see it: message, toString, stack trace, causes, error box. */
        void exception(String where, Throwable e) {
            if (e == null) {
                return;
            }
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            add(where + ": printStackTrace", w.toString());
            for (Throwable t = e; t != null; t = t.getCause()) {
                add(where + ": toString", t.toString());
                add(where + ": message", t.getMessage());
                add(where + ": localized message", t.getLocalizedMessage());
            }
            if (e instanceof USmartException u) {
                add(where + ": fields", u.failure().toString() + u.serviceMessage().orElse("") + u.whatToDo() + u.guid().orElse(""));
            }
            if (e instanceof RegistrationFailedException r) {
                add(where + ": pending", r.pending().toString());
            }
            ErrorBox box = ErrorBox.of(e);
            add(where + ": error box", box.toText() + box.toHtml() + box.withDetails().toText() + box.withDetails().toHtml());
        }

        /** A returned object: its toString and, for a displayable one, its HTML and text. */
        void object(String where, Object o) {
            if (o == null) {
                return;
            }
            add(where + ": toString", o.toString());
            if (o instanceof io.github.usmartkit.display.Displayable d) {
                add(where + ": html", d.toHtml());
                add(where + ": text", d.toText());
            }
            if (o instanceof tech.tablesaw.api.Table t) {
                add(where + ": table", t.printAll());
            }
        }

        int size() {
            return texts.size();
        }

        /** Each text holding one of {@code needles}, as "where: needle". */
        List<String> leaks(java.util.Collection<String> needles) {
            List<String> out = new ArrayList<>();
            for (String[] t : texts) {
                for (String n : needles) {
                    if (n != null && n.length() >= 4 && t[1].contains(n)) {
                        out.add(t[0] + ": holds " + n + " in: " + excerpt(t[1], n));
                    }
                }
            }
            return out;
        }

        private static String excerpt(String text, String needle) {
            int i = text.indexOf(needle);
            return text.substring(Math.max(0, i - 80), Math.min(text.length(), i + needle.length() + 40));
        }
    }

    static Sandbox sandbox;
    static USmart usmart;
    static String secret;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start();
        secret = sandbox.providerKey().secret();
        usmart = Sandboxes.connect(sandbox, sandbox.providerKey());
    }

    @AfterAll
    static void stop() {
        usmart.close();
        sandbox.close();
    }

    private static String everything(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        StringBuilder sb = new StringBuilder(w.toString());
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append(t.getMessage());
        }
        if (e instanceof USmartException u) {
            sb.append(u.serviceMessage().orElse("")).append(u.guid().orElse(""));
        }
        return sb.toString();
    }

    private static void clean(String s) {
        assertFalse(s.contains(secret), "secret leaked: " + s);
        assertFalse(s.contains("X-Usmart-Signature="), "signed query leaked: " + s);
        assertFalse(s.contains("X-Usmart-Expires="), "signed query leaked: " + s);
    }

    @Test
    void exceptions_neverCarrySecretOrSignedQuery() throws Exception {
        Path f = Sandboxes.csv(dir, "s.csv", 3);
        Path empty = Files.createFile(dir.resolve("e.csv"));
        List<Executable> failing = new ArrayList<>();
        failing.add(() -> usmart.dataset(Sandboxes.MISSING).view());
        failing.add(() -> usmart.dataset(Sandboxes.PLAYGROUND).add(empty));
        failing.add(() -> usmart.dataset(Sandboxes.AIR).replace(Sandboxes.MISSING, f));
        failing.add(() -> usmart.action("nope:nope", Map.of()));
        failing.add(() -> usmart.rows(Sandboxes.MISSING));
        failing.add(() -> {
            sandbox.faults().expireNextUrls(10);
            try {
                usmart.dataset(Sandboxes.PLAYGROUND).add(f);
            } finally {
                sandbox.faults().clear();
            }
        });
        failing.add(() -> {
            sandbox.faults().failNext("PUT", 503, 10);
            try {
                usmart.dataset(Sandboxes.PLAYGROUND).add(f);
            } finally {
                sandbox.faults().clear();
            }
        });
        failing.add(() -> {
            sandbox.faults().failNext("dataset:view", 500, 10);
            try {
                usmart.dataset(Sandboxes.AIR).view();
            } finally {
                sandbox.faults().clear();
            }
        });
        failing.add(() -> {
            try (USmart wrong = Sandboxes.connect(sandbox, new ApiKey(sandbox.providerKey().id(), secret + "x"))) {
                wrong.dataset(Sandboxes.AIR).view();
            }
        });
        for (Executable x : failing) {
            USmartException e = assertThrows(USmartException.class, x);
            clean(everything(e));
        }
    }

    @Test
    void registrationFailure_pendingAndMessageAreClean() throws Exception {
        sandbox.faults().failNext("file:create", 400, 1);
        RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                () -> usmart.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "r.csv", 2)));
        clean(everything(e));
        clean(e.pending().toString());
        assertTrue(e.pending().toString().contains(e.reference()));
    }

    @Test
    void progressLabels_neverCarrySecretOrSignedQuery() throws Exception {
        List<String> labels = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.github.usmartkit.progress.ProgressListener recorder = new io.github.usmartkit.progress.ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
                labels.add(task);
            }

            @Override
            public void finished(String task, boolean ok) {
                labels.add(task);
            }
        };
        sandbox.faults().expireNextUrls(1); // a failed PUT and a retry with a fresh URL
        try {
            usmart.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "p.csv", 3), recorder);
        } finally {
            sandbox.faults().clear();
        }
        assertTrue(labels.size() >= 4, labels.toString());
        for (String l : labels) {
            clean(l);
            assertTrue(l.equals("upload p.csv"), l);
        }
    }

    @Test
    void modelsAndSession_displayNoSecret() throws Exception {
        var up = usmart.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "m.csv", 2));
        var view = usmart.dataset(Sandboxes.AIR).view();
        var refresh = usmart.dataset(Sandboxes.AIR).refreshAll();
        for (Object o : new Object[] {usmart, usmart.settings(), usmart.dataset(Sandboxes.AIR), up, view, refresh,
                usmart.read(Sandboxes.AIR_API), usmart.catalog()}) {
            clean(o.toString());
            if (o instanceof io.github.usmartkit.display.Displayable d) {
                clean(d.toHtml());
                clean(d.toText());
            }
        }
    }

    // ---- a whole session, scanned

    @Test
    void everythingTheKitEmits_holdsNoSecretNorSignature() throws Exception {
        Emitted emitted = new Emitted();
        Set<String> needles = new LinkedHashSet<>();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        // What a log shows: the kit's own loggers at every level, everything else at the default
        // (INFO). (Set to FINE, the JDK's HTTP client logs every URL it sends, signed ones too:
        // the JDK's debug output, not the kit's.)
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Logger kit = java.util.logging.Logger.getLogger("io.github.usmartkit");
        java.util.logging.Level kitLevel = kit.getLevel();
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        java.util.logging.StreamHandler handler = new java.util.logging.StreamHandler(logged, new java.util.logging.SimpleFormatter());
        handler.setLevel(java.util.logging.Level.ALL);
        boolean debug = Debug.stackTraces();
        try (RecordingProxy proxy = new RecordingProxy(null, null); Sandbox sb = Sandbox.builder().processingDelay(Duration.ofMillis(20)).start()) {
            System.setOut(new PrintStream(new Tee(console, out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(console, err), true, StandardCharsets.UTF_8));
            kit.setLevel(java.util.logging.Level.ALL);
            root.addHandler(handler);
            for (boolean on : new boolean[] {false, true}) {
                Debug.stackTraces(on);
                session(sb, proxy, emitted, on ? "debug" : "plain", !on);
            }
            Debug.stackTraces(true);
            for (Failures f : List.of(BadInputTest.everyFailure(Files.createDirectories(dir.resolve("bad"))),
                    OddAnswersTest.everyFailure(Files.createDirectories(dir.resolve("odd"))),
                    ObjectStoreAnswersTest.everyFailure(Files.createDirectories(dir.resolve("s3"))))) {
                assertTrue(f.thrown().size() >= 20, f.source() + ": " + f.thrown().size());
                for (Throwable t : f.thrown()) {
                    emitted.exception(f.source(), t);
                }
                needles.addAll(f.secrets());
                needles.addAll(f.signatures());
            }
            for (io.github.usmartkit.sandbox.ApiKey k : List.of(sb.providerKey(), sb.viewerKey(), sb.adminKey(), sb.otherOrgKey())) {
                needles.add(k.secret());
            }
            // every signed URL the kit sent: its whole query and each signature in it
            int signed = 0;
            for (URI u : proxy.uris) {
                if (u.getRawQuery() != null && u.getRawQuery().contains("X-Usmart-Signature=")) {
                    signed++;
                    needles.add(u.getRawQuery());
                    needles.add(u.getRawQuery().replaceAll(".*X-Usmart-Signature=([^&]*).*", "$1"));
                }
            }
            assertTrue(signed >= 6, "the session PUT through the proxy with signed URLs: " + proxy.uris);
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
            kit.setLevel(kitLevel);
            Debug.stackTraces(debug);
        }
        handler.flush();
        emitted.add("console", console.toString(StandardCharsets.UTF_8));
        emitted.add("log", logged.toString(StandardCharsets.UTF_8));
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("ETag") || console.size() > 0 || emitted.size() > 500,
                "something was emitted to scan");
        List<String> leaks = emitted.leaks(needles);
        System.out.println("SecretsTest: " + emitted.size() + " texts scanned for " + needles.size() + " secrets and signatures: "
                + leaks.size() + " leaks");
        assertEquals(List.of(), leaks);
    }

    /**
     * Every verb (if {@code verbsToo}) on a sandbox through the recording proxy, and failures of
     * each kind; all they return or throw goes to {@code emitted}. (USMART_DEBUG changes only
     * what exceptions carry, so the verbs need running once.)
     */
    private void session(Sandbox sb, RecordingProxy proxy, Emitted emitted, String label, boolean verbsToo) throws Exception {
        Path d = Files.createDirectories(dir.resolve(label));
        Path f = Sandboxes.airCsv(d, "session.csv", 20);
        Path history = d.resolve("history.jsonl");
        try (USmart u = Sandboxes.builder(sb, sb.providerKey()).proxy("127.0.0.1", proxy.port()).history(history).connect()) {
            List<Supplier<Object>> verbs = new ArrayList<>();
            Dataset air = u.dataset(Sandboxes.AIR);
            Dataset play = u.dataset(Sandboxes.PLAYGROUND);
            verbs.add(() -> u);
            verbs.add(u::settings);
            verbs.add(() -> air);
            verbs.add(air::view);
            verbs.add(air::files);
            verbs.add(air::pipelines);
            verbs.add(() -> play.add(f));
            verbs.add(() -> play.add(f, UploadOptions.defaults().fileName("renamed.csv")));
            verbs.add(() -> air.replace(Sandboxes.AIR_FILE, f));
            verbs.add(() -> air.replaceFile(Sandboxes.AIR_FILE, f, UploadOptions.defaults()));
            verbs.add(() -> u.dataset(Sandboxes.CAR).createPipeline("csv-to-download"));
            verbs.add(() -> air.refresh(Sandboxes.AIR_API));
            verbs.add(air::refreshAll);
            verbs.add(() -> air.awaitProcessed(Duration.ofSeconds(30), Duration.ofMillis(50)));
            verbs.add(() -> u.rows(Sandboxes.CAR_API));
            verbs.add(() -> u.rows(Sandboxes.CAR_API, -1));
            verbs.add(() -> u.read(Sandboxes.CAR_API).where("car_park", "Greenside").limit(5));
            verbs.add(() -> u.read(Sandboxes.CAR_API).limit(5).table());
            verbs.add(() -> u.read(Sandboxes.CAR_API).limit(5).json());
            verbs.add(() -> u.read(Sandboxes.CAR_API).limit(5).csv());
            verbs.add(u::catalog);
            verbs.add(() -> u.catalog(USmart.Visibility.PUBLIC));
            verbs.add(u::dcat);
            verbs.add(() -> u.action("dataset:view", Map.of("datasetGUID", Sandboxes.AIR)));
            // (not action("s3:generatePutRequest", ..): the escape hatch returns the service's answer, the signed URL is what it is for)
            verbs.add(() -> {
                Kit.use(Sandboxes.builder(sb, sb.providerKey()).proxy("127.0.0.1", proxy.port()).connect());
                Kit.help();
                return Kit.banner() + Kit.dataset(Sandboxes.AIR).view() + Kit.rows(Sandboxes.CAR_API, 3) + Kit.catalog();
            });
            if (verbsToo) {
                for (Supplier<Object> v : verbs) {
                    emitted.object(label + " verb", v.get());
                }
                Kit.close();
            }
            // failures of each kind, with the sandbox's faults (signed URLs expiring, PUTs failing, …)
            List<org.junit.jupiter.api.function.Executable> failing = new ArrayList<>();
            failing.add(() -> u.dataset(Sandboxes.MISSING).view());
            failing.add(() -> play.add(Files.createFile(d.resolve("empty.csv"))));
            failing.add(() -> air.replace(Sandboxes.MISSING, f));
            failing.add(() -> u.action("nope:nope", Map.of()));
            failing.add(() -> u.rows(Sandboxes.MISSING));
            failing.add(() -> air.refresh(Sandboxes.CAR_API));
            failing.add(() -> withFaults(sb, x -> x.expireNextUrls(10), () -> play.add(f)));
            failing.add(() -> withFaults(sb, x -> x.failNext("PUT", 503, 10), () -> play.add(f)));
            failing.add(() -> withFaults(sb, x -> x.failNext("dataset:view", 500, 10), air::view));
            failing.add(() -> withFaults(sb, x -> x.failNext("file:create", 400, 1), () -> play.add(f)));
            failing.add(() -> withFaults(sb, x -> x.failNext("file:updateRevision", 503, 10),
                    () -> air.replace(Sandboxes.AIR_FILE, f, io.github.usmartkit.upload.UploadOptions.defaults().force(true))));
            failing.add(() -> withFaults(sb, x -> x.failNext("s3:generatePutRequest", 500, 10), () -> play.add(f)));
            failing.add(() -> withFaults(sb, x -> x.failNext("urql", 503, 10), () -> u.rows(Sandboxes.CAR_API)));
            failing.add(() -> {
                try (USmart wrong = Sandboxes.builder(sb, new io.github.usmartkit.sandbox.ApiKey(sb.providerKey().id(),
                        sb.providerKey().secret() + "x")).proxy("127.0.0.1", proxy.port()).connect()) {
                    wrong.dataset(Sandboxes.AIR).view();
                }
            });
            failing.add(() -> {
                try (USmart viewer = Sandboxes.builder(sb, sb.viewerKey()).proxy("127.0.0.1", proxy.port()).connect()) {
                    viewer.dataset(Sandboxes.PLAYGROUND).add(f);
                }
            });
            failing.add(() -> {
                try (USmart brief = Sandboxes.builder(sb, sb.providerKey()).proxy("127.0.0.1", proxy.port())
                        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(400))).connect()) {
                    withFaults(sb, x -> x.failNext("PUT", 503, 10), () -> brief.dataset(Sandboxes.PLAYGROUND).add(f));
                }
            });
            failing.add(() -> Sandboxes.builder(sb, sb.providerKey()).apiKey("k", sb.providerKey().secret() + "\r\nX: 1"));
            for (org.junit.jupiter.api.function.Executable x : failing) {
                USmartException e = assertThrows(USmartException.class, x);
                emitted.exception(label + " failure", e);
                if (e instanceof RegistrationFailedException r) {
                    emitted.object(label + " retried registration", r.retryRegister());
                }
            }
            emitted.object(label + " history()", u.history());
        }
        // the history file the session wrote: every line (a line for each write, failed registrations with their reference)
        List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
        assertTrue(lines.size() >= (verbsToo ? 12 : 5) && lines.stream().anyMatch(l -> l.contains("\"registration-failed\"")),
                label + ": the session's writes and failures are in its history: " + lines);
        for (int i = 0; i < lines.size(); i++) {
            emitted.add(label + " history line " + (i + 1), lines.get(i));
        }
    }

    // ---- the soak's outputs, scanned

    /**
     * A short soak (issue 12's, {@code io.github.usmartkit.soak.Soak}: several sessions, faults,
     * failures of every kind) and everything it leaves: what it prints, its JSON figures, each
     * operation's record (the failures' words, the history lines), the request log, the sessions'
     * history files. None may hold a key's secret, the sandbox's signing secret or a signed query.
     */
    @Test
    void theSoaksOutputs_holdNoSecretNorSignedQuery() throws Exception {
        Path out = dir.resolve("soak");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream was = System.out;
        io.github.usmartkit.soak.SoakReport report;
        try {
            System.setOut(new PrintStream(new Tee(console, was), true, StandardCharsets.UTF_8));
            report = io.github.usmartkit.soak.Soak.run(io.github.usmartkit.soak.Soak.Options.defaults()
                    .withDuration(Duration.ofSeconds(3), 12, Duration.ofSeconds(90)).withThreads(3).withSeed(5).withOut(out, true));
        } finally {
            System.setOut(was);
        }
        Path data = out.resolve("seed-5").resolve("data");
        com.fasterxml.jackson.databind.JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(data.resolve("state.json").toFile());
        Set<String> needles = new LinkedHashSet<>(List.of("X-Usmart-Signature=", "X-Usmart-Expires=", state.path("signingSecret").asText()));
        state.path("users").forEach(user -> needles.add(user.path("secret").asText()));
        assertTrue(needles.size() >= 7, "the soak's sandbox's secrets: " + needles.size());
        io.github.usmartkit.soak.Soak.deleteTree(data); // the sandbox's own state holds its secrets: not an output of the kit
        Emitted emitted = new Emitted();
        emitted.add("soak console", console.toString(StandardCharsets.UTF_8));
        List<Path> files;
        try (var walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path p : files) {
            emitted.add("soak " + out.relativize(p), Files.readString(p, StandardCharsets.UTF_8));
        }
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().startsWith("history-t")), files.toString());
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("ops.json")), files.toString());
        assertTrue(report.operations() >= 12, report.toText());
        List<String> leaks = emitted.leaks(needles);
        System.out.println("SecretsTest: the soak's " + files.size() + " files and its console scanned for " + needles.size()
                + " secrets and signed-query markers: " + leaks.size() + " leaks");
        assertEquals(List.of(), leaks);
    }

    private static Object withFaults(Sandbox sb, Consumer<io.github.usmartkit.sandbox.SandboxFaults> faults, Supplier<Object> call) {
        faults.accept(sb.faults());
        try {
            return call.get();
        } finally {
            sb.faults().clear();
        }
    }

    /** Writes to two streams: what the kit prints is captured and still shown. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

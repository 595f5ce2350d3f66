package io.github.usmartkit;

import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.sandbox.Sandbox;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C at the kit's prompt: a JShell whose snippets run in a separate JVM under the kit's agent,
 * as {@code bin/usmart shell} starts it, stopped with {@link JShell#stop()} (what JShell does on
 * Ctrl-C: the snippet's thread is stopped with a ThreadDeath wherever it is). The snippet must say
 * on standard error what the service was left with, after (never under) its progress line; what it
 * says is checked against the sandbox; and the shell goes on working.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShellStopTest {

    @TempDir
    Path dir;

    /** One shell for all (its JVM takes seconds to start); each test connects it to a sandbox of its own. */
    private JShell shell;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    void startShell() {
        String cp = System.getProperty("java.class.path");
        shell = JShell.builder()
                .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .executionEngine("jdi:remoteAgent(io.github.usmartkit.display.jshell.KitAgent),launch(true)")
                // as bin/usmart shell tells it: a person watches, so the progress line is redrawn in place
                .remoteVMOptions("--class-path", cp, "-Djava.awt.headless=true", "-Dusmart.interactive=true")
                .build();
        for (String entry : cp.split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        eval("import io.github.usmartkit.*;");
        eval("import java.nio.file.*;");
        eval("import java.time.Duration;");
    }

    @AfterAll
    void closeShell() {
        if (shell != null) {
            shell.close();
        }
    }

    private Sandbox start(UnaryOperator<Sandbox.Builder> more) throws IOException {
        log.reset();
        err.reset();
        Sandbox sb = more.apply(Sandbox.builder().requestLog(new PrintStream(log, true, StandardCharsets.UTF_8))).start();
        eval("var s = USmart.builder().environment(java.util.Map.of()).home(null).baseUrl(\"" + sb.baseUrl() + "\").readUrl(\""
                + sb.baseUrl() + "\").org(\"" + sb.org() + "\").apiKey(\"" + sb.providerKey().id() + "\", \""
                + sb.providerKey().secret() + "\").history(Path.of(\"" + history().toString().replace("\\", "\\\\") + "\")).connect();");
        eval("var ds = s.dataset(\"" + AIR + "\");");
        Path csv = Files.writeString(dir.resolve("air.csv"),
                "timestamp,site,no2,pm10,pm25\n2026-02-01T00:00:00Z,North Park,12.5,14.0,7.0\n");
        eval("var path = Path.of(\"" + csv.toString().replace("\\", "\\\\") + "\");");
        return sb;
    }

    private Path history() {
        return dir.resolve("history.jsonl");
    }

    private String eval(String code) {
        List<SnippetEvent> events = shell.eval(code);
        String value = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // what the snippet did to earlier ones (a variable declared again overwrites the old one)
            }
            assertTrue(e.exception() == null, () -> code + " threw " + e.exception());
            assertTrue(e.status() == Snippet.Status.VALID, () -> code + " is " + e.status() + ": "
                    + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            value = e.value();
        }
        return value;
    }

    /** Evaluates {@code code} on another thread, stops it (as Ctrl-C does) once {@code ready} (plus {@code after}), and waits for it. */
    private void stopWhen(String code, BooleanSupplier ready, Duration after) throws Exception {
        CompletableFuture<List<SnippetEvent>> running = CompletableFuture.supplyAsync(() -> shell.eval(code));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ready.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "the call never reached the stage to stop");
            assertFalse(running.isDone(), () -> "the call ended before it was stopped: " + running.join());
            Thread.sleep(20);
        }
        Thread.sleep(after.toMillis());
        shell.stop();
        running.get(30, TimeUnit.SECONDS);
    }

    /** What the snippets printed on standard error, once the sentence has come through (it crosses a socket). */
    private String stopped() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!printed().contains("Stopped: ") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // anything drawn after it would show now
        return printed();
    }

    private String printed() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The sentence, and that nothing was drawn over it: it is the last line, and no carriage return follows it. */
    private static String sentence(String printed) {
        int at = printed.lastIndexOf("Stopped: ");
        assertTrue(at >= 0, "no sentence on standard error: " + printed);
        String rest = printed.substring(at);
        assertFalse(rest.contains("\r"), "the progress line was drawn over the sentence: " + printed);
        assertEquals(1, rest.strip().lines().count(), "the sentence is the last thing printed: " + rest);
        assertTrue(printed.substring(0, at).isEmpty() || printed.substring(0, at).endsWith("\n"),
                "the sentence starts on a line of its own: " + printed);
        return rest.strip();
    }

    private long lines(String what) {
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(what)).count();
    }

    private static FileInfo airFile(Sandbox sb) {
        try (USmart s = Sandboxes.connect(sb, sb.viewerKey())) {
            return s.dataset(AIR).view().files().stream().filter(f -> AIR_FILE.equals(f.fileGuid())).findFirst().orElseThrow();
        }
    }

    @Test
    void ctrlCDuringThePut_saysUploadCancelledNothingRegistered_andTheShellGoesOn() throws Exception {
        try (Sandbox sb = start(b -> b.faults("seed=1,slow=1.0,delay=4s,routes=PUT"))) {
            long before = airFile(sb).revision();
            stopWhen("ds.replace(\"" + AIR_FILE + "\", path)", () -> lines("s3:generatePutRequest 200") > 0, Duration.ofMillis(1_500));

            String printed = stopped();
        String said = sentence(printed);
            assertTrue(said.contains("upload of air-quality-2026.csv cancelled; nothing was registered (the file is still at revision "
                    + before + ")"), said);
            assertTrue(printed.contains("upload air.csv") && printed.contains("✗ failed"),
                    "the upload, slower than a second, showed its progress line, ended before the sentence: " + printed);
            assertFalse(printed.contains("X-Amz-") || printed.contains("Signature="), "no signed URL query: " + printed);

            Thread.sleep(3_000); // the slow PUT ends on the sandbox's side: still nothing registered
            assertEquals(before, airFile(sb).revision(), "as it said: no new revision");
            assertEquals(0, lines("file:updateRevision"));
            String history = Files.readString(history());
            assertTrue(history.contains("\"stopped\"") && history.contains("upload of air-quality-2026.csv cancelled; nothing was registered"),
                    "the history records the stopped write and what it left: " + history);
            assertEquals("2", eval("1+1"));
            assertEquals("true", eval("ds.files().rowCount() > 0"), "the kit still works in the stopped snippet's JVM");
        }
    }

    @Test
    void ctrlCDuringAwaitProcessed_saysTheRevisionIsRegisteredAndHowManyFinished() throws Exception {
        try (Sandbox sb = start(b -> b.processingDelay(Duration.ofSeconds(4)))) {
            long before = airFile(sb).revision();
            eval("var results = ds.replace(\"" + AIR_FILE + "\", path).refreshAll();");
            err.reset();
            long views = lines("dataset:view 200");
            stopWhen("ds.awaitProcessed(Duration.ofMinutes(1))", () -> lines("dataset:view 200") >= views + 2, Duration.ofMillis(800));

            String printed = stopped();
        String said = sentence(printed);
            assertTrue(said.matches("Stopped: 0 of 2 finished after [0-9.]+ s, the rest still run on the service\\..*awaitProcessed.*"),
                    said);
            assertTrue(printed.contains("refresh Air quality readings") && printed.contains("0/2 pipelines finished"),
                    "the wait showed finished/total pipelines after about a second: " + printed);
            assertEquals(before + 1, airFile(sb).revision(), "the revision is registered");
            assertEquals("2", eval("1+1"));
            assertEquals("true", eval("ds.awaitProcessed(Duration.ofMinutes(1)).ok()"), "waiting again works and sees them finish");
        }
    }

    @Test
    void ctrlCDuringPublish_afterItsRegistration_saysRegisteredAsRevisionN() throws Exception {
        try (Sandbox sb = start(b -> b.processingDelay(Duration.ofSeconds(4)))) {
            long before = airFile(sb).revision();
            stopWhen("ds.publish(\"" + AIR_FILE + "\", path)", () -> lines("resourceContainer:process 200") >= 2, Duration.ofMillis(800));

            String said = sentence(stopped());
            assertTrue(said.startsWith("Stopped: registered as revision " + (before + 1) + "; refresh of 2 pipeline(s) requested; "), said);
            assertEquals(before + 1, airFile(sb).revision(), "as it said");
            assertEquals("2", eval("1+1"));
        }
    }
}

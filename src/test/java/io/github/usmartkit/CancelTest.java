package io.github.usmartkit;

import io.github.usmartkit.error.CancelledException;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.sandbox.SandboxFaults;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kit call interrupted as a notebook's interrupt button does ({@link Thread#interrupt()} of
 * the thread running it): it stops, says what the service was left with, and leaves the
 * interrupt flag set; what it says is checked against the sandbox afterwards.
 */
@Tag("slow")
@Timeout(60)
class CancelTest {

    @TempDir
    Path dir;

    /** A file with the published header of the demo air-quality dataset (so the schema guard lets it through). */
    private Path air() throws IOException {
        return Files.writeString(dir.resolve("air.csv"),
                "timestamp,site,no2,pm10,pm25\n2026-02-01T00:00:00Z,North Park,12.5,14.0,7.0\n2026-02-01T01:00:00Z,Riverside,13.5,15.0,8.0\n");
    }

    private record Stopped(Throwable thrown, boolean interruptFlag) {
    }

    /** Runs {@code call} on a thread, interrupts it once {@code ready} says so (plus {@code after}), and returns what it threw. */
    private static Stopped interrupt(Runnable call, java.util.function.BooleanSupplier ready, Duration after) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        }, "cell");
        t.start();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ready.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "the call never reached the stage to interrupt");
            assertTrue(t.isAlive(), () -> "the call ended before it was interrupted: " + thrown.get());
            Thread.sleep(20);
        }
        Thread.sleep(after.toMillis());
        t.interrupt();
        t.join(20_000);
        assertFalse(t.isAlive(), "the interrupted call did not stop");
        return new Stopped(thrown.get(), flag.get());
    }

    private static Sandbox sandbox(ByteArrayOutputStream log, Function<Sandbox.Builder, Sandbox.Builder> more) {
        return more.apply(Sandbox.builder().requestLog(new PrintStream(log, true, StandardCharsets.UTF_8))).start();
    }

    private static long lines(ByteArrayOutputStream log, String what) {
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(what)).count();
    }

    private static FileInfo airFile(USmart s) {
        return s.dataset(AIR).view().files().stream().filter(f -> AIR_FILE.equals(f.fileGuid())).findFirst().orElseThrow();
    }

    @Test
    void replaceInterruptedDuringItsPut_saysUploadCancelled_andNothingWasRegistered() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Sandbox sb = sandbox(log, b -> b.faults("seed=1,slow=1.0,delay=8s,routes=PUT"))) {
            USmart s = Sandboxes.connect(sb, sb.providerKey());
            long before = airFile(s).revision();
            Path file = air();
            Stopped st = interrupt(() -> s.dataset(AIR).replace(AIR_FILE, file),
                    () -> lines(log, "s3:generatePutRequest 200") > 0, Duration.ofMillis(300));

            CancelledException e = assertInstanceOf(CancelledException.class, st.thrown());
            assertTrue(st.interruptFlag(), "the interrupt flag is left set");
            assertEquals(CancelledException.State.UPLOAD_CANCELLED, e.state());
            assertEquals("replace", e.action());
            assertEquals(AIR, e.guid().orElseThrow());
            assertTrue(e.what().contains("upload of air-quality-2026.csv cancelled; nothing was registered")
                    && e.what().contains("revision " + before), e.what());
            assertFalse(e.whatToDo().isEmpty());
            assertTrue(e.revision().isEmpty());
            assertFalse(e.getMessage().contains("X-Amz-") || e.getMessage().contains("Signature"), "no signed URL query: " + e.getMessage());

            Thread.sleep(8_500); // the slow PUT ends on the sandbox's side: still nothing registered
            assertEquals(before, airFile(s).revision(), "no new revision");
            assertEquals(0, lines(log, "file:updateRevision"), "no registration sent");
            s.dataset(AIR).replace(AIR_FILE, file); // the session still works, and a new call is not taken for interrupted
            assertEquals(before + 1, airFile(s).revision());
        }
    }

    @Test
    void awaitInterrupted_saysHowManyFinished_andThatTheRestStillRun() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Sandbox sb = sandbox(log, b -> b.processingDelay(Duration.ofSeconds(4)))) {
            USmart s = Sandboxes.connect(sb, sb.providerKey());
            long before = airFile(s).revision();
            Dataset ds = s.dataset(AIR);
            ds.replace(AIR_FILE, air()).refreshAll();
            Stopped st = interrupt(() -> ds.awaitProcessed(Duration.ofMinutes(1)),
                    () -> lines(log, "dataset:view 200") >= 3, Duration.ofMillis(1_200));

            CancelledException e = assertInstanceOf(CancelledException.class, st.thrown());
            assertTrue(st.interruptFlag());
            assertEquals(CancelledException.State.PROCESSING, e.state());
            assertEquals(2, e.pipelines(), "the air-quality dataset's two pipelines");
            assertEquals(0, e.finished());
            assertTrue(e.what().contains("0 of 2 finished after") && e.what().contains("the rest still run on the service"), e.what());
            assertTrue(e.whatToDo().contains("awaitProcessed"), e.whatToDo());
            assertEquals(before + 1, airFile(s).revision(), "the revision the replace registered is there");
            assertTrue(ds.pipelines().stringColumn("status").asList().stream().anyMatch(x -> !x.equals("complete")),
                    "they were indeed still processing");
        }
    }

    @Test
    void publishInterruptedWhileWaiting_saysTheRevisionItRegistered_andThatTheRefreshWasRequested() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Sandbox sb = sandbox(log, b -> b.processingDelay(Duration.ofSeconds(4)))) {
            USmart s = Sandboxes.builder(sb, sb.providerKey()).history(dir.resolve("history.jsonl")).connect();
            long before = airFile(s).revision();
            Path file = air();
            Stopped st = interrupt(() -> s.dataset(AIR).publish(AIR_FILE, file),
                    () -> lines(log, "resourceContainer:process 200") >= 2, Duration.ofMillis(1_200));

            CancelledException e = assertInstanceOf(CancelledException.class, st.thrown());
            assertTrue(st.interruptFlag());
            assertEquals(CancelledException.State.PROCESSING, e.state());
            assertEquals(before + 1, e.revision().orElseThrow());
            assertEquals(before + 1, airFile(s).revision(), "what it says is what the service holds");
            assertTrue(e.what().contains("registered as revision " + (before + 1) + "; refresh of 2 pipeline(s) requested"), e.what());
            tech.tablesaw.api.Table h = s.history();
            assertEquals("publish", h.getString(0, "action"), h.print());
            assertEquals("stopped", h.getString(0, "outcome"), "the publish's own line says it was stopped, not failed: " + h.print());
            assertTrue(h.getString(0, "warning").contains("registered as revision " + (before + 1)), h.print());
        }
    }

    @Test
    void replaceInterruptedWhileRegistering_saysItMayHaveLanded() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Sandbox sb = sandbox(log, b -> b.faults("seed=1,slow=1.0,delay=3s,routes=file:updateRevision"))) {
            USmart s = Sandboxes.connect(sb, sb.providerKey());
            long before = airFile(s).revision();
            Path file = air();
            Stopped st = interrupt(() -> s.dataset(AIR).replace(AIR_FILE, file),
                    () -> lines(log, "PUT ") > 0, Duration.ofMillis(500));

            CancelledException e = assertInstanceOf(CancelledException.class, st.thrown());
            assertTrue(st.interruptFlag());
            assertEquals(CancelledException.State.MAY_HAVE_LANDED, e.state());
            assertTrue(e.what().contains("may have landed as revision " + (before + 1)), e.what());
            assertTrue(e.whatToDo().contains("files()"), e.whatToDo());
            Thread.sleep(3_500); // the slow registration is carried out after its delay: it did land
            assertEquals(before + 1, airFile(s).revision());
        }
    }

    @Test
    void createPipelineInterruptedWhileItsCreateIsUnanswered_saysItMayHaveLanded_andMadeAtMostOne() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Sandbox sb = sandbox(log, b -> b.faults("seed=1,slow=1.0,delay=2s,routes=resourceContainer:create"))) {
            USmart s = Sandboxes.builder(sb, sb.providerKey()).history(dir.resolve("history.jsonl")).connect();
            int before = s.dataset(AIR).view().pipelines().size();
            Stopped st = interrupt(() -> s.dataset(AIR).createPipeline("csv-to-api", AIR_FILE),
                    () -> sb.faults().injected().values().stream().mapToLong(Long::longValue).sum() > 0, // the create is being held
                    Duration.ofMillis(300));

            CancelledException e = assertInstanceOf(CancelledException.class, st.thrown());
            assertTrue(st.interruptFlag(), "the interrupt flag is left set");
            assertEquals(CancelledException.State.MAY_HAVE_LANDED, e.state());
            assertTrue(e.whatToDo().contains("pipelines()"), "says how to check before creating again: " + e.whatToDo());
            tech.tablesaw.api.Table h = s.history();
            assertEquals("resourceContainer:create", h.getString(0, "action"), h.print());
            // recorded although the thread is interrupted, as what it is: the create may have landed
            assertTrue(java.util.Set.of("may-have-landed", "stopped").contains(h.getString(0, "outcome")),
                    "the history says it may have landed (or was stopped), not that it failed: " + h.print());
            // the service goes on with the request it was slow to answer: once it has, one pipeline more at most
            Thread.sleep(2500);
            int after = s.dataset(AIR).view().pipelines().size();
            assertTrue(after == before || after == before + 1, "at most the one pipeline asked for: " + before + " → " + after);
        }
    }

    private static long slowHeld(Sandbox sb) {
        return sb.faults().injected().get(SandboxFaults.Injected.SLOW);
    }

    @Test
    void refreshInterruptedWhileItsProcessIsUnanswered_saysTheRefreshWasRequested_andTheServiceCarriesItOut() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Sandbox sb = sandbox(log, b -> b.faults("seed=1,slow=1.0,delay=2s,routes=resourceContainer:process"))) {
            USmart s = Sandboxes.builder(sb, sb.providerKey()).history(dir.resolve("history.jsonl")).connect();
            Dataset ds = s.dataset(AIR);
            PipelineInfo p = ds.view().pipelines().get(0);
            Stopped st = interrupt(() -> ds.refresh(p.resourceContainerGuid()), () -> slowHeld(sb) > 0, Duration.ofMillis(300));

            CancelledException e = assertInstanceOf(CancelledException.class, st.thrown());
            assertTrue(st.interruptFlag(), "the interrupt flag is left set");
            assertEquals(CancelledException.State.REFRESH_REQUESTED, e.state());
            assertEquals("refresh", e.action());
            assertEquals(p.resourceContainerGuid(), e.guid().orElseThrow());
            assertTrue(e.what().contains("refresh of 1 of 1 pipeline(s) requested"), e.what());
            tech.tablesaw.api.Table h = s.history();
            assertEquals("resourceContainer:process", h.getString(0, "action"), h.print());
            assertEquals("stopped", h.getString(0, "outcome"), "not 'failed': the refresh may have been queued: " + h.print());

            // what it said is what happened: the service carries out the held request (its answer finds the
            // connection closed) and processes the pipeline; it was asked once
            Thread.sleep(2_500);
            assertEquals(1, lines(log, "resourceContainer:process"), log.toString(StandardCharsets.UTF_8));
            PipelineInfo after = ds.view().pipeline(p.resourceContainerGuid()).orElseThrow();
            assertNotEquals(p.lastProcessed(), after.lastProcessed(), "processed again after the stop");
        }
    }

    @Test
    void registerInterruptedWhileItsRegistrationIsUnanswered_saysItMayHaveLanded_andUploadsNothingAgain() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Sandbox sb = sandbox(log, b -> b.faults("seed=1,slow=1.0,delay=3s,routes=file:updateRevision"))) {
            USmart s = Sandboxes.connect(sb, sb.providerKey());
            long before = airFile(s).revision();
            Dataset ds = s.dataset(AIR);
            Path file = air();
            sb.faults().failNext("file:updateRevision", 400, 1); // queued faults come before the random ones
            RegistrationFailedException failed = assertThrows(RegistrationFailedException.class,
                    () -> ds.replaceFile(AIR_FILE, file, UploadOptions.defaults()));
            assertEquals(before, airFile(s).revision(), "the failed registration left the file as it was");

            Stopped st = interrupt(() -> ds.register(failed.pending()), () -> slowHeld(sb) > 0, Duration.ofMillis(300));

            CancelledException e = assertInstanceOf(CancelledException.class, st.thrown());
            assertTrue(st.interruptFlag(), "the interrupt flag is left set");
            assertEquals(CancelledException.State.MAY_HAVE_LANDED, e.state());
            assertEquals("register", e.action());
            assertTrue(e.what().contains("registration (file:updateRevision) was sent: it may have landed"), e.what());
            assertTrue(e.whatToDo().contains("files()"), e.whatToDo());
            Thread.sleep(3_500); // the held registration is carried out: it did land, from the one upload
            assertEquals(before + 1, airFile(s).revision());
            assertEquals(1, lines(log, "PUT "), "uploaded once: register sends no second upload");
        }
    }

}

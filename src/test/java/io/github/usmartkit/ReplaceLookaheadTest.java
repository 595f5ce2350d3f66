package io.github.usmartkit;

import io.github.usmartkit.error.CancelledException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.sandbox.RequestLog;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.AIR_DOWNLOAD;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static io.github.usmartkit.Sandboxes.MISSING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replace makes its reads (the view, the schema guard's samples, the upload URL) on other
 * threads while its preflight runs: each check's failure is still the exception it was, in the
 * order the checks come, with nothing PUT or registered; an interrupt while they are under way
 * says nothing changed.
 */
@Timeout(60)
class ReplaceLookaheadTest {

    @TempDir
    Path dir;

    private static FileInfo airFile(USmart s) {
        return s.dataset(AIR).view().files().stream().filter(f -> AIR_FILE.equals(f.fileGuid())).findFirst().orElseThrow();
    }

    private Path ragged() throws IOException {
        return Files.writeString(dir.resolve("air.csv"), "timestamp,site,no2,pm10,pm25\n2026-01-01T00:00:00Z,Leith,1,2\n");
    }

    private Path renamedColumns() throws IOException {
        return Files.writeString(dir.resolve("air.csv"), "time,location,NO2,PM10\n2026-01-01T00:00:00Z,Leith,12,3\n");
    }

    @Test
    void aFailedPreflight_comesBeforeWhatTheViewSaid() throws IOException {
        try (Sandbox sb = Sandbox.start(); USmart u = Sandboxes.connect(sb, sb.providerKey())) {
            Path bad = ragged();
            PreflightFailedException noDataset = assertThrows(PreflightFailedException.class, () -> u.dataset(MISSING).replace(AIR_FILE, bad));
            assertEquals(2, noDataset.line());
            PreflightFailedException noFile = assertThrows(PreflightFailedException.class, () -> u.dataset(AIR).replace(MISSING, bad));
            assertEquals(2, noFile.line());
            // with a good file, the view's answer is the failure, as before
            Path good = Sandboxes.airCsv(dir, "good.csv", 3);
            NotFoundException e = assertThrows(NotFoundException.class, () -> u.dataset(AIR).replace(MISSING, good));
            assertEquals(MISSING, e.guid().orElseThrow());
            assertTrue(e.what().contains("has no such file"), e.what());
            assertThrows(NotFoundException.class, () -> u.dataset(MISSING).replace(AIR_FILE, good));
        }
    }

    @Test
    void theUrlAskedAhead_failingDoesNotHideTheGuardsRefusal_andFailsTheUploadAsBefore() throws IOException {
        RequestLog log = new RequestLog();
        // a Viewer may view and read, not ask for an upload URL
        try (Sandbox sb = Sandbox.builder().requestLog(log.out()).start(); USmart u = Sandboxes.connect(sb, sb.viewerKey())) {
            long before = airFile(u).revision();
            SchemaChangeException refused = assertThrows(SchemaChangeException.class, () -> u.dataset(AIR).replace(AIR_FILE, renamedColumns()));
            assertTrue(List.of(AIR_API, AIR_DOWNLOAD).contains(refused.resourceContainerGuid()), refused.resourceContainerGuid());
            log.reset();
            Path good = Sandboxes.airCsv(dir, "good.csv", 3);
            PermissionException e = assertThrows(PermissionException.class, () -> u.dataset(AIR).replaceFile(AIR_FILE, good, UploadOptions.defaults()));
            assertEquals("s3:generatePutRequest", e.action());
            // the sandbox logs a request just after answering it: wait for the 403's line
            assertEquals(1, log.countOnce("s3:generatePutRequest", 1), "asked once, ahead, and not again: " + log.lines());
            assertEquals(0, log.count("PUT") + log.count("file:updateRevision"), log.lines().toString());
            assertEquals(before, airFile(u).revision());
        }
    }

    @Test
    void theGuardsReadsAreBothMade_andTheReplaceLands() throws IOException {
        RequestLog log = new RequestLog();
        try (Sandbox sb = Sandbox.builder().requestLog(log.out()).start(); USmart u = Sandboxes.connect(sb, sb.providerKey())) {
            long before = airFile(u).revision();
            log.countOnce("dataset:view", 1); // that view's line may trail its answer: logged before the reset, not after
            log.reset();
            UploadResult r = u.dataset(AIR).replaceFile(AIR_FILE, Sandboxes.airCsv(dir, "air.csv", 5), UploadOptions.defaults());
            assertEquals(before + 1, r.revision());
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
            List<String> urql = log.lines().stream().filter(l -> l.contains("/urql ")).toList();
            assertEquals(2, urql.size(), log.lines().toString());
            assertTrue(urql.stream().anyMatch(l -> l.contains(AIR_API)) && urql.stream().anyMatch(l -> l.contains(AIR_DOWNLOAD)), urql.toString());
            assertEquals(1, log.count("s3:generatePutRequest"));
            assertEquals(1, log.count("PUT"));
            assertEquals(1, log.countOnce("file:updateRevision", 1), "the last request: its line may trail its answer");
            assertEquals(1, log.count("dataset:view"), "one view: " + log.lines());
        }
    }

    @Test
    void interruptedWhileTheGuardReads_saysNothingChanged_andNothingIsUploaded() throws Exception {
        RequestLog log = new RequestLog();
        try (Sandbox sb = Sandbox.builder().requestLog(log.out()).faults("seed=1,slow=1.0,delay=6s,routes=urql").start();
             USmart u = Sandboxes.connect(sb, sb.providerKey())) {
            long before = airFile(u).revision();
            Path file = Sandboxes.airCsv(dir, "air.csv", 5);
            log.reset();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flag = new AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    u.dataset(AIR).replace(AIR_FILE, file);
                } catch (Throwable e) {
                    thrown.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            }, "cell");
            t.start();
            long until = System.nanoTime() + 20_000_000_000L;
            while (log.count("dataset:view") == 0) {
                assertTrue(System.nanoTime() < until && t.isAlive(), "the replace never viewed the dataset: " + thrown.get());
                Thread.sleep(20);
            }
            Thread.sleep(300); // the reads (6 s each) are under way
            t.interrupt();
            t.join(4_000);
            assertFalse(t.isAlive(), "the interrupted replace did not stop while its reads were still under way");
            CancelledException e = assertInstanceOf(CancelledException.class, thrown.get());
            assertTrue(flag.get(), "the interrupt flag is left set");
            assertEquals(CancelledException.State.NOTHING_CHANGED, e.state());
            assertEquals("replace", e.action());
            assertEquals(0, log.count("PUT") + log.count("file:updateRevision"), log.lines().toString());
            assertEquals(before, airFile(u).revision(), "no new revision");
            // the session still works (its reads slow as before): the reads it stopped do not linger as an interrupt of the next call
            u.dataset(AIR).replace(AIR_FILE, file);
            assertEquals(before + 1, airFile(u).revision());
        }
    }
}

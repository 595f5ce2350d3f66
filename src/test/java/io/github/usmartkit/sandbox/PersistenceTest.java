package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {

    @TempDir
    Path dir;

    @Test
    void restart_keepsKeysRevisionsFilesAndPublishedRows() {
        ApiKey provider;
        int revision;
        String md5;
        byte[] csv = "timestamp,site,no2,pm10,pm25\n2026-11-27T10:00:00Z,Harbour Road,31.5,14.2,7.1\n".getBytes(StandardCharsets.UTF_8);
        try (Sandbox sb = Sandbox.builder().dataDir(dir).processingDelay(Duration.ofMillis(10)).start()) {
            provider = sb.providerKey();
            JsonNode f = TestHttp.updateRevision(sb, AIR_FILE, "air-quality-2026.csv", csv);
            revision = f.get("revision").asInt();
            md5 = f.get("md5").asText();
            TestHttp.ok(sb, "resourceContainer:process", provider, "{\"resourceContainerGUID\":\"" + AIR_API + "\"}");
            assertEquals("complete", TestHttp.awaitProcessed(sb, AIR, AIR_API).get("status").asText());
        }
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            assertEquals(provider, sb.providerKey());
            JsonNode f = TestHttp.view(sb, AIR).get("files").get(0);
            assertEquals(revision, f.get("revision").asInt());
            assertEquals(md5, f.get("md5").asText());
            JsonNode rows = TestHttp.get(sb.baseUrl() + "/org/" + sb.org() + "/" + AIR_API + "/latest/urql", null).json();
            assertEquals(1, rows.size());
            assertEquals("Harbour Road", rows.get(0).get("site").asText());
        }
    }

    @Test
    void stateFileIsOwnerOnlyAndNoTempFileIsLeft() throws Exception {
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            TestHttp.upload(sb, "a.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.json"))));
        assertFalse(Files.exists(dir.resolve("state.json.tmp")));
    }

    @Test
    void writePrivate_replacesAWorldReadableLeftoverTempAndTargetWithOwnerOnlyFiles() throws Exception {
        Path target = dir.resolve("secret.env");
        Path leftover = dir.resolve("secret.env.tmp");
        Files.writeString(target, "old");
        Files.writeString(leftover, "half-written");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));

        SandboxStore.writePrivate(target, "new".getBytes(StandardCharsets.UTF_8), true);

        assertEquals("new", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void halfWrittenTempStateFromACrashIsIgnored() throws Exception {
        ApiKey admin;
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            admin = sb.adminKey();
        }
        // a crash during a save leaves at most a truncated temp file; state.json is untouched
        Files.writeString(dir.resolve("state.json.tmp"), "{\"version\": 1, \"orgs\": {\"7e8c");
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            assertEquals(admin, sb.adminKey());
            assertEquals(200, TestHttp.post(sb, "dataset:view", admin, "{\"datasetGUID\":\"" + AIR + "\"}").status());
        }
    }

    @Test
    void corruptStateIsReportedClearly() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{ not json");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Sandbox.builder().dataDir(dir).start());
        assertTrue(e.getMessage().contains("state.json"), e.getMessage());
        assertTrue(e.getMessage().contains("move it away"), e.getMessage());
    }

    @Test
    void secondSandboxOnTheSameDirectoryIsRefused() {
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sandbox.builder().dataDir(dir).start());
            assertTrue(e.getMessage().contains("in use"));
            assertEquals(200, TestHttp.post(sb, "dataset:view", sb.viewerKey(), "{\"datasetGUID\":\"" + AIR + "\"}").status());
        }
    }

    @Test
    void processingInterruptedByAStopResumesAfterRestart() {
        try (Sandbox sb = Sandbox.builder().dataDir(dir).processingDelay(Duration.ofSeconds(30)).start()) {
            TestHttp.ok(sb, "resourceContainer:process", sb.providerKey(), "{\"resourceContainerGUID\":\"" + AIR_API + "\"}");
            assertEquals("queued", TestHttp.container(sb, AIR, AIR_API).get("status").asText());
        }
        try (Sandbox sb = Sandbox.builder().dataDir(dir).processingDelay(Duration.ofMillis(10)).start()) {
            JsonNode c = TestHttp.awaitProcessed(sb, AIR, AIR_API);
            assertEquals("complete", c.get("status").asText());
            assertEquals(2000, c.get("rowCount").asLong());
            assertEquals(2000, TestHttp.get(sb.baseUrl() + "/org/" + sb.org() + "/" + AIR_API + "/2/urql?limit(-1)", null).json().size());
        }
    }

    @Test
    void durableMode_everyAnswerOfConcurrentWritesIsOnDiskWhenItArrives() throws Exception {
        try (Sandbox sb = Sandbox.builder().dataDir(dir).processingDelay(Duration.ofMinutes(10)).start()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
            try {
                List<java.util.concurrent.Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    calls.add(pool.submit(() -> {
                        // the answer names a new file: state.json must already hold it
                        JsonNode f = TestHttp.createFile(sb, DemoGuids.PLAYGROUND, "f" + n + ".csv", ("a\n" + n + "\n").getBytes(StandardCharsets.UTF_8));
                        String guid = f.get("fileGUID").asText();
                        assertTrue(Files.readString(dir.resolve("state.json")).contains(guid), "file " + guid + " answered before it was on disk");
                        // a queued run answered: its status is on disk
                        TestHttp.ok(sb, "resourceContainer:process", sb.providerKey(), "{\"resourceContainerGUID\":\"" + AIR_API + "\"}");
                        assertTrue(queuedOnDisk(AIR_API), "process answered before its queued status was on disk");
                        return guid;
                    }));
                }
                for (java.util.concurrent.Future<String> c : calls) {
                    c.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private boolean queuedOnDisk(String container) throws java.io.IOException {
        JsonNode state = TestHttp.JSON.readTree(dir.resolve("state.json").toFile());
        for (JsonNode d : state.get("orgs").get("7e8c0232-dab2-4937-8a70-335c712a135b").get("datasets")) {
            for (JsonNode c : d.get("containers")) {
                if (c.get("guid").asText().equals(container)) {
                    return c.get("status").asText().equals("queued");
                }
            }
        }
        return false;
    }

    @Test
    void durableMode_aChangeThatCannotBeSavedIsNotAnswered200_andIsSavedOnceTheDiskAllows() throws Exception {
        try (Sandbox sb = Sandbox.builder().dataDir(dir).processingDelay(Duration.ofMinutes(10)).start()) {
            // a directory where the save's temp file must go: the save fails
            Path blocker = dir.resolve("state.json.tmp");
            Files.createDirectories(blocker.resolve("in-the-way"));
            String body = "{\"resourceContainerGUID\":\"" + AIR_API + "\"}";
            assertEquals("InternalError", TestHttp.post(sb, "resourceContainer:process", sb.providerKey(), body).error(500));
            assertFalse(queuedOnDisk(AIR_API));
            Files.delete(blocker.resolve("in-the-way"));
            Files.delete(blocker);
            assertEquals(200, TestHttp.post(sb, "resourceContainer:process", sb.providerKey(), body).status());
            assertTrue(queuedOnDisk(AIR_API));
        }
    }

    @Test
    void refusedWritesDoNotSaveTheState() throws Exception {
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            TestHttp.upload(sb, "a.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
            Object before = stateFileIdentity();
            assertEquals("InvalidReference", TestHttp.post(sb, "file:create", sb.providerKey(),
                    TestHttp.fileCreateBody(DemoGuids.PLAYGROUND, "uploads/none/a.csv", "a.csv", 4)).error(400));
            assertEquals("NotFound", TestHttp.post(sb, "resourceContainer:process", sb.providerKey(),
                    "{\"resourceContainerGUID\":\"00000000-0000-0000-0000-000000000000\"}").error(404));
            assertEquals("ValidationError", TestHttp.post(sb, "file:updateRevision", sb.providerKey(), "{}").error(400));
            assertEquals(before, stateFileIdentity(), "state.json was rewritten by a refused request");
            // and the check can see a save: a write that lands replaces the file
            TestHttp.upload(sb, "b.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
            assertFalse(before.equals(stateFileIdentity()));
        }
    }

    /** The inode of state.json: every save renames a new file into place. */
    private Object stateFileIdentity() throws java.io.IOException {
        return Files.readAttributes(dir.resolve("state.json"), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    @Test
    void temporarySandboxWritesItsStateFromItsFirstChangeAndDeletesItOnClose() throws Exception {
        Path state;
        try (Sandbox sb = Sandbox.start()) {
            state = sb.dataDir();
            assertFalse(Files.exists(state.resolve("state.json")), "the seed alone is not written: nothing reads it back");
            TestHttp.ok(sb, "file:create", sb.providerKey(), TestHttp.fileCreateBody(DemoOrganisation.PLAYGROUND_DATASET,
                    TestHttp.upload(sb, "first.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)), "first.csv", 8));
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(state.resolve("state.json")) && System.nanoTime() < end) {
                Thread.sleep(10); // written behind the answer
            }
            assertTrue(Files.readString(state.resolve("state.json")).contains("first.csv"));
        }
        assertFalse(Files.exists(state));
    }
}

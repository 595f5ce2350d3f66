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
    void temporarySandboxDeletesItsStateOnClose() {
        Path state;
        try (Sandbox sb = Sandbox.start()) {
            state = sb.dataDir();
            assertTrue(Files.exists(state.resolve("state.json")));
        }
        assertFalse(Files.exists(state));
    }
}

package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static io.github.usmartkit.sandbox.DemoGuids.CAR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static io.github.usmartkit.sandbox.TestHttp.ok;
import static io.github.usmartkit.sandbox.TestHttp.post;
import static io.github.usmartkit.sandbox.TestHttp.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads never registered are deleted after the orphan TTL; registered ones stay. */
class OrphanSweepTest {
    static final byte[] CSV = "site,value\na,1\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static long blobs(Sandbox sb) {
        try (Stream<Path> s = Files.list(sb.dataDir().resolve("blobs"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestHttp.Resp fileCreate(Sandbox sb, String reference) {
        return post(sb, "file:create", sb.providerKey(), TestHttp.fileCreateBody(PLAYGROUND, reference, "o.csv", CSV.length));
    }

    @Test
    void sweep_deletesUnregisteredUploadOnlyOnceOlderThanTtl() {
        try (Sandbox sb = Sandbox.start()) {
            long seeded = blobs(sb);
            String orphan = upload(sb, "orphan.csv", CSV);
            assertEquals(seeded + 1, blobs(sb));
            assertEquals(0, sb.sweepOrphans(Instant.now()), "younger than the default hour");
            assertEquals(1, sb.sweepOrphans(Instant.now().plus(Duration.ofHours(2))));
            assertEquals(seeded, blobs(sb));
            assertEquals("InvalidReference", fileCreate(sb, orphan).error(400));
            assertFalse(stateNames(sb, orphan), "the state no longer names it");
            // the seeded files' blobs are still there: their rows are still served
            assertEquals(200, TestHttp.get(sb.baseUrl() + "/org/" + sb.org() + "/" + AIR_API + "/latest/urql?limit(1)", null).status());
        }
    }

    @Test
    void sweep_keepsRegisteredUploadsIncludingSupersededRevisions() {
        try (Sandbox sb = Sandbox.start()) {
            String first = upload(sb, "kept.csv", CSV);
            ok(sb, "file:create", sb.providerKey(), TestHttp.fileCreateBody(PLAYGROUND, first, "kept.csv", CSV.length));
            TestHttp.updateRevision(sb, CAR_FILE, "car-park-occupancy.csv", CSV);
            TestHttp.updateRevision(sb, CAR_FILE, "car-park-occupancy.csv", "site,value\nb,2\n".getBytes(StandardCharsets.UTF_8));
            long before = blobs(sb);
            assertEquals(0, sb.sweepOrphans(Instant.now().plus(Duration.ofDays(30))));
            assertEquals(before, blobs(sb));
            assertEquals(200, fileCreate(sb, first).status(), "a registered reference stays usable");
        }
    }

    @Test
    void sweep_deletesOldBlobsThatNothingNames() throws IOException {
        try (Sandbox sb = Sandbox.start()) {
            Path old = sb.dataDir().resolve("blobs").resolve("left-by-a-crash");
            Path fresh = sb.dataDir().resolve("blobs").resolve("just-written");
            Files.write(old, CSV);
            Files.write(fresh, CSV);
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
            assertEquals(1, sb.sweepOrphans(Instant.now()));
            assertFalse(Files.exists(old));
            assertTrue(Files.exists(fresh));
        }
    }

    @Test
    void start_sweepsOrphansLeftInTheDataDirAndSavesTheState() throws IOException {
        String orphan;
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            orphan = upload(sb, "left.csv", CSV);
        }
        assertTrue(Files.readString(dir.resolve("state.json")).contains(orphan));
        // started past the TTL: the start-up sweep deletes it before the first request
        try (Sandbox sb = Sandbox.builder().dataDir(dir).orphanTtl(Duration.ofMillis(1)).start()) {
            assertFalse(Files.readString(dir.resolve("state.json")).contains(orphan));
            assertEquals("InvalidReference", fileCreate(sb, orphan).error(400));
        }
    }

    @Test
    void start_upgradesAVersion1StateKeepingObjectsItsFilesName() throws IOException {
        String registered;
        String orphan;
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            registered = upload(sb, "v1.csv", CSV);
            ok(sb, "file:create", sb.providerKey(), TestHttp.fileCreateBody(PLAYGROUND, registered, "v1.csv", CSV.length));
            orphan = upload(sb, "v1-orphan.csv", CSV);
        }
        // as a sandbox before the "registered" flag wrote it
        Path state = dir.resolve("state.json");
        String v1 = Files.readString(state).replace("\"registered\" : true", "\"registered\" : false")
                .replaceFirst("\"version\" : 3", "\"version\" : 1");
        assertTrue(v1.contains("\"version\" : 1"), "the state's version field as written");
        Files.writeString(state, v1);
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            assertTrue(Files.readString(state).contains("\"version\" : 3"), "upgraded through version 2 to the current one");
            // superseded after the upgrade: kept all the same, while the orphan goes
            String fileGUID = null;
            for (var f : TestHttp.view(sb, PLAYGROUND).get("files")) {
                if (f.get("fileName").asText().equals("v1.csv")) {
                    fileGUID = f.get("fileGUID").asText();
                }
            }
            TestHttp.updateRevision(sb, fileGUID, "v1.csv", "site,value\nc,3\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, sb.sweepOrphans(Instant.now().plus(Duration.ofHours(2))));
            assertEquals(200, fileCreate(sb, registered).status());
            assertEquals("InvalidReference", fileCreate(sb, orphan).error(400));
        }
    }

    @Test
    void background_sweepDeletesOrphansWithoutBeingAsked() throws InterruptedException {
        try (Sandbox sb = Sandbox.builder().orphanTtl(Duration.ofMillis(1)).start()) {
            String orphan = upload(sb, "bg.csv", CSV);
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // state.json is saved after the answer (group commit): first see the upload in it, then
            // wait (bounded) for the background sweep (every second at this TTL) to take it out again
            while (System.nanoTime() < end && !stateNames(sb, orphan)) {
                Thread.sleep(10);
            }
            while (System.nanoTime() < end && stateNames(sb, orphan)) {
                Thread.sleep(100);
            }
            int status = fileCreate(sb, orphan).status();
            assertEquals(400, status);
        }
    }

    private static boolean stateNames(Sandbox sb, String reference) {
        try {
            Path state = sb.dataDir().resolve("state.json");
            // a temporary sandbox writes it behind its first change
            return Files.exists(state) && Files.readString(state).contains(reference);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void orphanTtl_mustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().orphanTtl(Duration.ZERO));
        assertTrue(e.getMessage().contains("orphanTtl must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().orphanTtl(Duration.ofSeconds(-1)));
    }

    @Test
    void main_badOrphanTtlExitsWith2NamingIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SandboxMain.run(new String[] {"--orphan-ttl", "soon"}, new PrintStream(out), new PrintStream(err));
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--orphan-ttl needs a duration such as"), text);
        assertTrue(text.contains("'soon'"), text);
        assertEquals(2, SandboxMain.run(new String[] {"--orphan-ttl", "0s"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("orphanTtl must be positive"));
    }

    @Test
    void durations_parseTheUsualSpellings() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(30), Durations.parse("30m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofHours(2), Durations.parse("PT2H"));
        assertEquals(null, Durations.parse("soon"));
        assertEquals(null, Durations.parse(""));
    }
}

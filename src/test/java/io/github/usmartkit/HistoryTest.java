package io.github.usmartkit;

import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_FILE;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local history of writes: a line for each outcome, owner-only, never a secret, never in the real ~/.usmart. */
class HistoryTest {

    static Sandbox sandbox;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void everyOutcome_isALine_newestFirst_withTheReferenceOfAFailedRegister() throws IOException {
        Path file = tmp.resolve("outcomes/history.jsonl");
        try (USmart u = Sandboxes.builder(sandbox, sandbox.providerKey()).history(file).connect()) {
            Path car = Sandboxes.carCsv(tmp, "car.csv", 9);
            u.dataset(CAR).replace(CAR_FILE, car);                                                          // replaced
            u.dataset(CAR).replace(CAR_FILE, car);                                                          // unchanged
            Path renamed = Files.writeString(tmp.resolve("renamed.csv"), "when,where\n1,2\n");
            assertThrows(SchemaChangeException.class, () -> u.dataset(CAR).replace(CAR_FILE, renamed));    // refused
            Path ragged = Files.writeString(tmp.resolve("ragged.csv"), "a,b\n1\n");
            assertThrows(PreflightFailedException.class, () -> u.dataset(PLAYGROUND).add(ragged));          // refused
            sandbox.faults().failNext("file:create", 400, 1);
            RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                    () -> u.dataset(PLAYGROUND).add(Sandboxes.csv(tmp, "register.csv", 3)));                // registration-failed
            String added = e.retryRegister().fileGuid();                                                    // added
            u.dataset(PLAYGROUND).createPipeline("csv-to-api", added);                                      // created
            u.dataset(CAR).refresh(Sandboxes.CAR_API);                                                      // queued
            try (USmart dry = u.dryRun()) {
                dry.dataset(CAR).replace(CAR_FILE, Sandboxes.carCsv(tmp, "car2.csv", 4));                   // planned (PUT + update)
            }
            Table t = u.history();
            List<String> outcomes = t.stringColumn("outcome").asList();
            assertEquals(List.of("planned", "planned", "queued", "created", "added", "registration-failed", "refused", "refused",
                    "unchanged", "replaced"), outcomes, t.print());
            List<String> actions = t.stringColumn("action").asList();
            assertEquals(List.of("file:updateRevision", "PUT", "resourceContainer:process", "resourceContainer:create", "file:create",
                    "file:create", "file:create", "file:updateRevision", "file:updateRevision", "file:updateRevision"), actions);
            int failed = outcomes.indexOf("registration-failed");
            assertEquals(e.reference(), t.stringColumn("reference").get(failed), "a failed register after a good upload shows its reference");
            assertEquals(e.pending().md5(), t.stringColumn("md5").get(failed));
            assertEquals(sandbox.org(), t.stringColumn("org").get(failed));
            assertTrue(t.stringColumn("warning").get(outcomes.indexOf("refused")).contains("ragged.csv line 2"));
            assertEquals("car-park-occupancy.csv", t.stringColumn("name").get(outcomes.indexOf("replaced")), "the kept name");
            assertEquals(12, t.columnCount());

            String text = Files.readString(file);
            assertFalse(text.contains(sandbox.providerKey().secret()), "no secret");
            assertFalse(text.contains("X-Usmart-Signature") || text.contains("X-Usmart-Expires"), "no signed URL");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        }
    }

    @Test
    void location_isHomeDotUsmart_orUsmartHistory_andNoneWithoutAHome() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path car = Sandboxes.carCsv(tmp, "loc.csv", 3);
        try (USmart u = Sandboxes.builder(sandbox, sandbox.providerKey()).home(home).connect()) {
            u.dataset(CAR).replaceFile(CAR_FILE, car, UploadOptions.defaults().force(true));
            Path h = home.resolve(".usmart/history.jsonl");
            assertEquals(h, u.historyFile().orElseThrow());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h)), "owner-only from creation");
            assertEquals(1, Files.readAllLines(h).size());
        }
        Path moved = tmp.resolve("elsewhere/h.jsonl");
        try (USmart u = Sandboxes.builder(sandbox, sandbox.providerKey()).home(home)
                .environment(Map.of("USMART_HISTORY", moved.toString())).connect()) {
            u.dataset(CAR).replaceFile(CAR_FILE, car, UploadOptions.defaults().force(true));
            assertEquals(1, Files.readAllLines(moved).size());
            assertEquals(1, Files.readAllLines(home.resolve(".usmart/history.jsonl")).size(), "moved, not copied");
        }
        try (USmart u = Sandboxes.connect(sandbox, sandbox.providerKey())) {
            assertTrue(u.historyFile().isEmpty(), "home(null): no history file at all");
            assertEquals(0, u.history().rowCount());
        }
    }
}

package io.github.usmartkit;

import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.VerificationFailedException;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineCheck;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.VerifyReport;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.upload.PublishReport;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.AIR_DOWNLOAD;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_API;
import static io.github.usmartkit.Sandboxes.CAR_FILE;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publishing against the sandbox: checked before (preflight, schema guard, names kept, unchanged
 * files), registered honestly (lost answers, a second writer), verified after, rehearsed (dry run).
 */
class PublishingTest {

    @RegisterExtension
    static final Sandboxes.Session session = new Sandboxes.Session(b -> b.processingDelay(Duration.ofMillis(100)));

    @TempDir
    Path dir;

    private static USmart usmart() {
        return session.usmart();
    }

    private static FileInfo file(String dataset, String fileGuid) {
        return usmart().dataset(dataset).view().file(fileGuid).orElseThrow();
    }

    /** The object store's objects: the sandbox's blobs. */
    private static List<String> objects() throws IOException {
        try (Stream<Path> s = Files.list(session.sandbox().dataDir().resolve("blobs"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A listener that runs {@code action} once, when the upload's PUT has finished (before the register call). */
    private static ProgressListener afterPut(Runnable action) {
        return new ProgressListener() {
            private boolean done;

            @Override
            public void update(String task, long d, long total) {
            }

            @Override
            public void finished(String task, boolean ok) {
                if (!done && ok && task.startsWith("upload")) {
                    done = true;
                    action.run();
                }
            }
        };
    }

    @Test
    void replace_headerChanged_isRefusedBeforeUploadingAndLeavesTheDatasetAsItWas() throws IOException {
        Path f = Files.writeString(dir.resolve("air.csv"), "time,location,NO2,PM10\n2026-01-01T00:00:00Z,Leith,12,3\n");
        FileInfo before = file(AIR, AIR_FILE);
        List<String> objects = objects();
        SchemaChangeException e = assertThrows(SchemaChangeException.class, () -> usmart().dataset(AIR).replace(AIR_FILE, f));
        assertEquals(List.of("time", "location", "NO2", "PM10"), e.added());
        assertEquals(List.of("timestamp", "site", "no2", "pm10", "pm25"), e.removed());
        assertEquals(List.of(), e.kept());
        assertEquals("file:updateRevision", e.action());
        assertEquals(AIR_FILE, e.guid().orElseThrow());
        assertTrue(List.of(AIR_API, AIR_DOWNLOAD).contains(e.resourceContainerGuid()), e.resourceContainerGuid());
        assertTrue(e.whatToDo().contains("allowSchemaChange(true)"), e.whatToDo());
        assertEquals(before.revision(), file(AIR, AIR_FILE).revision(), "same revision");
        assertEquals(objects, objects(), "same objects in the store: nothing was uploaded");
        // the upload URL is asked for only once every check has passed: none here, and nothing was PUT or registered
        assertEquals(0, session.log().count("PUT") + session.log().count("s3:generatePutRequest") + session.log().count("file:updateRevision"),
                session.log().lines().toString());
    }

    @Test
    void replace_numericColumnNowText_isRefusedNamingIt_andAllowedOnPurpose() throws IOException {
        Path f = Files.writeString(dir.resolve("car.csv"), "timestamp,car_park,capacity,occupied\n"
                + "2026-11-20T06:00:00Z,Greenside,420,17\n2026-11-20T06:30:00Z,Greenside,420,full\n");
        long rev = file(CAR, CAR_FILE).revision();
        SchemaChangeException e = assertThrows(SchemaChangeException.class, () -> usmart().dataset(CAR).replace(CAR_FILE, f));
        assertEquals(CAR_API, e.resourceContainerGuid());
        assertEquals(Map.of("occupied", "line 3: \"full\""), e.numericNowText());
        assertEquals(List.of(), e.added());
        assertEquals(List.of(), e.removed());
        UploadResult r = usmart().dataset(CAR).replaceFile(CAR_FILE, f, UploadOptions.defaults().allowSchemaChange(true));
        assertEquals(rev + 1, r.revision());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("numeric now text: occupied")), r.warnings().toString());
    }

    @Test
    void replace_raggedCsv_isRefusedBeforeAnyWrite_readsAtMost() throws IOException {
        Path f = Files.writeString(dir.resolve("air.csv"), "timestamp,site,no2,pm10,pm25\n2026-01-01T00:00:00Z,Leith,1,2\n");
        PreflightFailedException e = assertThrows(PreflightFailedException.class, () -> usmart().dataset(AIR).replace(AIR_FILE, f));
        assertEquals(2, e.line());
        assertTrue(e.column() > 0);
        assertEquals("air.csv", e.file());
        assertFalse(e.whatToDo().isEmpty());
        assertTrue(e.what().contains("line 2") && e.what().contains("4 field(s) but the header has 5"), e.what());
        // The view and the guard's reads go ahead while the preflight runs: no other request (no URL, no PUT, no registration)
        List<String> sent = session.log().lines();
        assertTrue(sent.stream().allMatch(l -> l.contains(" POST ") && l.contains("/dataset:view ") || l.contains(" GET ") && l.contains("/urql ")),
                "only reads reached the sandbox: " + sent);
    }

    @Test
    void replace_keepsTheFilesNameInUsmart_unlessRenamedOnPurpose() throws IOException {
        String name = file(CAR, CAR_FILE).fileName();
        UploadResult r = usmart().dataset(CAR).replaceFile(CAR_FILE, Sandboxes.carCsv(dir, "export-20261120.csv", 7), UploadOptions.defaults());
        assertEquals(name, r.fileName());
        assertEquals(name, file(CAR, CAR_FILE).fileName(), "not renamed to the local export-20261120.csv");
        usmart().dataset(CAR).replaceFile(CAR_FILE, Sandboxes.carCsv(dir, "x.csv", 6), UploadOptions.defaults().fileName("car-parks-v2.csv"));
        assertEquals("car-parks-v2.csv", file(CAR, CAR_FILE).fileName());
        usmart().dataset(CAR).replaceFile(CAR_FILE, Sandboxes.carCsv(dir, "y.csv", 5), UploadOptions.defaults().fileName(name));
        assertEquals(name, file(CAR, CAR_FILE).fileName());
    }

    @Test
    void replace_unchangedFile_isNotSentAgain_unlessForced() throws IOException {
        Path f = Sandboxes.carCsv(dir, "car.csv", 11);
        UploadResult first = usmart().dataset(CAR).replaceFile(CAR_FILE, f, UploadOptions.defaults());
        session.log().reset();
        UploadResult again = usmart().dataset(CAR).replaceFile(CAR_FILE, f, UploadOptions.defaults());
        assertTrue(again.unchanged(), again.toText());
        assertEquals(UploadResult.UNCHANGED, again.outcome());
        assertEquals(first.revision(), again.revision());
        assertEquals(first.md5(), again.md5());
        assertNull(again.reference(), "nothing uploaded");
        assertTrue(again.toText().contains("unchanged"), again.toText());
        assertEquals(0, session.log().count("PUT") + session.log().count("s3:generatePutRequest") + session.log().count("file:updateRevision"),
                session.log().lines().toString());
        assertEquals(0, session.log().count("urql"), "an unchanged file's schema is not read ahead: " + session.log().lines());
        UploadResult forced = usmart().dataset(CAR).replaceFile(CAR_FILE, f, UploadOptions.defaults().force(true));
        assertEquals(first.revision() + 1, forced.revision());
        assertEquals(UploadResult.REPLACED, forced.outcome());
    }

    // ---- lost answers: applied, answer lost, and dataset:view failing afterwards too

    @Test
    void add_createLostAndViewFailing_saysMayHaveLanded_thenRetryRegisterFindsItWithoutSendingAgain() throws IOException {
        for (boolean reset : new boolean[] {false, true}) {
            int before = usmart().dataset(PLAYGROUND).view().files().size();
            session.log().reset();
            if (reset) {
                session.sandbox().faults().applyThenReset("file:create", 1);
            } else {
                session.sandbox().faults().applyThenFail("file:create", 502, 1);
            }
            Path f = Sandboxes.csv(dir, "lost-" + reset + ".csv", 5);
            UploadOptions o = UploadOptions.defaults().progress(afterPut(() -> session.sandbox().faults().failNext("dataset:view", 503, 4)));
            RegistrationFailedException e = assertThrows(RegistrationFailedException.class, () -> usmart().dataset(PLAYGROUND).add(f, o));
            assertTrue(e.mayHaveLanded());
            assertEquals("file:create", e.action());
            assertTrue(e.getMessage().contains("may have landed; check with files() before retrying"), e.getMessage());
            assertEquals(before + 1, usmart().dataset(PLAYGROUND).view().files().size(), "it had landed");
            UploadResult r = e.retryRegister();
            assertEquals(1, session.log().count("file:create"), "recognised, not sent again: " + session.log().lines());
            assertEquals(before + 1, usmart().dataset(PLAYGROUND).view().files().size(), "exactly one file");
            FileInfo added = usmart().dataset(PLAYGROUND).view().file(r.fileGuid()).orElseThrow();
            assertEquals(f.getFileName().toString(), added.fileName());
            assertEquals(r.md5(), added.md5());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("had landed")), r.warnings().toString());
        }
    }

    @Test
    void replace_updateLostAndViewFailing_thenRetryRegister_endsWithExactlyOneNewRevision() throws IOException {
        for (boolean reset : new boolean[] {false, true}) {
            long rev = file(CAR, CAR_FILE).revision();
            session.log().reset();
            if (reset) {
                session.sandbox().faults().applyThenReset("file:updateRevision", 1);
            } else {
                session.sandbox().faults().applyThenFail("file:updateRevision", 503, 1);
            }
            UploadOptions o = UploadOptions.defaults().progress(afterPut(() -> session.sandbox().faults().failNext("dataset:view", 503, 4)));
            Path f = Sandboxes.carCsv(dir, "car.csv", 20 + (reset ? 1 : 0));
            RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                    () -> usmart().dataset(CAR).replaceFile(CAR_FILE, f, o));
            assertTrue(e.mayHaveLanded());
            assertEquals(rev, e.pending().revisionBefore());
            UploadResult r = e.retryRegister();
            assertEquals(rev + 1, r.revision());
            assertEquals(rev + 1, file(CAR, CAR_FILE).revision(), "one revision for one upload, not two");
            assertEquals(1, session.log().count("file:updateRevision"), session.log().lines().toString());
        }
    }

    @Test
    void replace_definiteRegisterFailure_retryRegisterChecksThenSendsOnce() throws IOException {
        long rev = file(CAR, CAR_FILE).revision();
        session.sandbox().faults().failNext("file:updateRevision", 503, 4);
        RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                () -> usmart().dataset(CAR).replace(CAR_FILE, Sandboxes.carCsv(dir, "car.csv", 31)));
        assertFalse(e.mayHaveLanded(), "each landed-check could tell: it had not landed");
        session.log().reset();
        UploadResult r = e.retryRegister();
        assertEquals(rev + 1, r.revision());
        assertTrue(session.log().count("dataset:view") >= 1, "checked first");
        assertEquals(1, session.log().count("file:updateRevision"), "then sent once");
    }

    @Test
    void createPipeline_lostAndViewFailing_saysMayHaveLanded_andExactlyOneContainerExists() throws IOException {
        Dataset ds = usmart().dataset(PLAYGROUND);
        String fileGuid = ds.add(Sandboxes.csv(dir, "for-pipeline.csv", 4)).fileGuid();
        try (FaultProxy proxy = new FaultProxy(session.sandbox().baseUrl());
             USmart through = Sandboxes.builder(session.sandbox(), session.sandbox().providerKey())
                     .baseUrl(proxy.url()).readUrl(proxy.url()).connect()) {
            int before = ds.view().pipelines().size();
            session.sandbox().faults().applyThenFail("resourceContainer:create", 502, 1);
            proxy.afterThat("resourceContainer:create", "dataset:view", 503, 4);
            ServiceException e = assertThrows(ServiceException.class, () -> through.dataset(PLAYGROUND).createPipeline("csv-to-api", fileGuid));
            assertEquals("resourceContainer:create", e.action());
            assertTrue(e.whatToDo().contains("check with pipelines() before retrying"), e.whatToDo());
            List<PipelineInfo> now = ds.view().pipelines();
            assertEquals(before + 1, now.size(), "exactly one container: the advice is to check, not to create again");
            assertEquals(1, now.stream().filter(p -> fileGuid.equals(p.fileGuid())).count());
        }
    }

    @Test
    void createPipeline_lostAnswer_isRecognisedAsOursByPipelineAndFile() throws IOException {
        Dataset ds = usmart().dataset(PLAYGROUND);
        String fileGuid = ds.add(Sandboxes.csv(dir, "for-pipeline-2.csv", 4)).fileGuid();
        int before = ds.view().pipelines().size();
        session.sandbox().faults().applyThenFail("resourceContainer:create", 502, 1);
        PipelineInfo p = ds.createPipeline("csv-to-download", fileGuid);
        assertEquals(fileGuid, p.fileGuid());
        assertEquals(before + 1, ds.view().pipelines().size());
        assertEquals(1, session.log().count("resourceContainer:create"));
    }

    // ---- a second writer

    @Test
    void replace_secondWriterBetweenOurViewAndRegister_isNotTakenAsOurs_andNamedInAWarning() throws IOException {
        try (USmart admin = Sandboxes.connect(session.sandbox(), session.sandbox().adminKey())) {
            long rev = file(CAR, CAR_FILE).revision();
            Path theirs = Sandboxes.carCsv(dir, "theirs.csv", 3);
            Path ours = Sandboxes.carCsv(dir, "ours.csv", 40);
            UploadOptions o = UploadOptions.defaults().progress(afterPut(() -> {
                admin.dataset(CAR).replace(CAR_FILE, theirs); // revision rev + 1 is theirs
                session.sandbox().faults().failNext("file:updateRevision", 503, 1); // ours is not applied the first time
            }));
            UploadResult r = usmart().dataset(CAR).replaceFile(CAR_FILE, ours, o);
            FileInfo now = file(CAR, CAR_FILE);
            assertEquals(rev + 2, r.revision(), "ours was sent again: the revision the check saw was theirs");
            assertEquals(rev + 2, now.revision());
            assertEquals(r.md5(), now.md5(), "the stored bytes are ours");
            assertEquals(Files.size(ours), now.fileSize());
            String w = String.join(" | ", r.warnings());
            assertTrue(w.contains("another writer") && w.contains("revision " + rev + " before") && w.contains("ours is revision " + (rev + 2)), w);
        }
    }

    @Test
    void add_secondWritersFileOfTheSameNameAndSize_isNotTakenAsOurs() throws IOException {
        try (USmart admin = Sandboxes.connect(session.sandbox(), session.sandbox().adminKey())) {
            Path ours = Files.writeString(dir.resolve("same-name.csv"), "a,b\n1,2\n");
            Path theirsDir = Files.createDirectories(dir.resolve("theirs"));
            Path theirs = Files.writeString(theirsDir.resolve("same-name.csv"), "a,b\n3,4\n");
            String[] theirGuid = {null};
            UploadOptions o = UploadOptions.defaults().progress(afterPut(() -> {
                theirGuid[0] = admin.dataset(PLAYGROUND).add(theirs).fileGuid();
                session.sandbox().faults().failNext("file:create", 503, 1);
            }));
            UploadResult r = usmart().dataset(PLAYGROUND).add(ours, o);
            assertNotEquals(theirGuid[0], r.fileGuid(), "a file of that name and size is not ours");
            DatasetView v = usmart().dataset(PLAYGROUND).view();
            assertEquals(r.md5(), v.file(r.fileGuid()).orElseThrow().md5());
            assertEquals(2, v.files().stream().filter(f -> f.fileName().equals("same-name.csv") && f.fileSize() == 8).count(),
                    "theirs and ours, each once");
        }
    }

    // ---- verify and publish

    @Test
    void publish_checksReplacesRefreshesAwaitsAndVerifies_thenVerifyFailsForAFileWithMoreRows() throws IOException {
        Path f = Sandboxes.airCsv(dir, "air-export.csv", 30);
        PublishReport r = usmart().dataset(AIR).publish(AIR_FILE, f, UploadOptions.defaults(), Duration.ofSeconds(30));
        assertEquals(PublishReport.PUBLISHED, r.outcome());
        assertTrue(r.ok(), r.toText());
        assertEquals("air-quality-2026.csv", r.upload().fileName(), "the name is kept");
        assertEquals(2, r.refresh().results().size());
        assertTrue(r.processing().ok());
        VerifyReport v = r.verify();
        assertEquals(2, v.checks().size());
        for (PipelineCheck c : v.checks()) {
            assertTrue(c.ok(), c.toString());
            assertEquals(30L, c.publishedRows());
        }
        assertTrue(r.table().rowCount() >= 5, r.toText());
        // each step's detail is one line (the await step once held the whole pipelines table)
        r.table().stringColumn("detail").forEach(d -> assertFalse(d.contains("\n"), d));
        assertTrue(r.toText().contains("verified: 2 pipeline(s) serve the 30 rows"), r.toText());
        assertTrue(r.toHtml().contains("usmart-publish"));

        assertTrue(usmart().dataset(AIR).verify(AIR_FILE, f).ok());
        Path more = Sandboxes.airCsv(dir, "more.csv", 31);
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> usmart().dataset(AIR).verify(AIR_FILE, more));
        assertEquals(2, e.report().failed().size());
        PipelineCheck c = e.report().failed().get(0);
        assertEquals(31, c.expectedRows());
        assertEquals(30L, c.publishedRows());
        assertFalse(e.whatToDo().isEmpty());
        assertEquals(9, e.report().table().columnCount());

        PublishReport same = usmart().dataset(AIR).publish(AIR_FILE, f);
        assertEquals(PublishReport.UNCHANGED, same.outcome(), same.toText());
        assertNull(same.refresh(), "unchanged and already seen by the public: nothing refreshed");
        assertTrue(same.verify().ok());
    }

    @Test
    void publish_whenThePipelinePublishesFewerRows_throwsVerificationFailed() throws IOException {
        try (USmart admin = Sandboxes.connect(session.sandbox(), session.sandbox().adminKey())) {
            Path theirs = Sandboxes.airCsv(dir, "theirs.csv", 5);
            boolean[] raced = {false};
            ProgressListener l = (task, done, total) -> {
                if (!raced[0] && task.startsWith("refresh")) {
                    raced[0] = true; // while ours processes, another writer publishes a shorter file
                    admin.dataset(AIR).replace(AIR_FILE, theirs).refreshAll();
                }
            };
            VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> usmart().dataset(AIR)
                    .publish(AIR_FILE, Sandboxes.airCsv(dir, "ours.csv", 25), UploadOptions.defaults().progress(l), Duration.ofSeconds(30)));
            assertTrue(raced[0]);
            assertEquals("verify", e.action());
            assertFalse(e.report().ok());
            assertTrue(e.report().failed().stream().allMatch(c -> c.expectedRows() == 25 && Long.valueOf(5).equals(c.publishedRows())),
                    e.report().toText());
        }
    }

    @Test
    void refreshAll_resultAwaits() throws IOException {
        var report = usmart().dataset(CAR).replace(CAR_FILE, Sandboxes.carCsv(dir, "car.csv", 13)).refreshAll().await(Duration.ofSeconds(30));
        assertTrue(report.ok(), report.toText());
        assertEquals(13L, report.pipelines().get(0).rowCount());
    }

    // ---- dry run

    @Test
    void dryRun_readsButSendsNoWrite_andPlansEach() throws IOException {
        String viewBefore = usmart().dataset(AIR).view().json().toString();
        String playgroundBefore = usmart().dataset(PLAYGROUND).view().json().toString();
        List<String> objects = objects();
        Path f = Sandboxes.airCsv(dir, "air.csv", 17);
        session.log().reset();
        try (USmart dry = usmart().dryRun()) {
            assertTrue(dry.isDryRun());
            PublishReport r = dry.dataset(AIR).publish(AIR_FILE, f);
            assertEquals(PublishReport.PLANNED, r.outcome());
            assertEquals(UploadResult.PLANNED, r.upload().outcome());
            dry.dataset(PLAYGROUND).add(Sandboxes.csv(dir, "new.csv", 3));
            assertEquals("planned", dry.dataset(AIR).createPipeline("csv-to-api").status());
            dry.action("file:create", Map.of("datasetGUID", PLAYGROUND, "reference", "uploads/x", "fileName", "x.csv", "fileSize", 1));
            List<String> actions = dry.plan().writes().stream().map(w -> w.action()).toList();
            assertEquals(List.of("PUT", "file:updateRevision", "resourceContainer:process", "resourceContainer:process",
                    "PUT", "file:create", "resourceContainer:create", "file:create"), actions);
            var update = dry.plan().writes().get(1);
            assertEquals(AIR_FILE, update.fileGuid());
            assertEquals("air-quality-2026.csv", update.fileName());
            assertEquals(Files.size(f), update.bytes());
            assertEquals(32, update.md5().length());
            assertTrue(update.schemaCheck().startsWith("same columns as"), update.schemaCheck());
            assertEquals(8, dry.plan().table().rowCount());
        }
        for (String write : List.of("PUT", "s3:generatePutRequest", "file:updateRevision", "file:create", "resourceContainer:process",
                "resourceContainer:create")) {
            assertEquals(0, session.log().count(write), write + " was sent: " + session.log().lines());
        }
        assertTrue(session.log().count("dataset:view") > 0 && session.log().lines().stream().anyMatch(l -> l.contains("/urql")),
                "the reads were made");
        assertEquals(viewBefore, usmart().dataset(AIR).view().json().toString());
        assertEquals(playgroundBefore, usmart().dataset(PLAYGROUND).view().json().toString());
        assertEquals(objects, objects());
    }
}

package io.github.usmartkit;


import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.ProcessingTimeoutException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.ProcessingReport;
import io.github.usmartkit.model.RefreshResult;
import io.github.usmartkit.model.RefreshResults;
import io.github.usmartkit.sandbox.ApiKey;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.AIR_DOWNLOAD;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_FILE;
import static io.github.usmartkit.Sandboxes.MISSING;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fluent API against the sandbox over loopback. */
class DatasetTest {

    static Sandbox sandbox;
    static USmart usmart;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().processingDelay(Duration.ofMillis(50)).start();
        usmart = Sandboxes.connect(sandbox, sandbox.providerKey());
    }

    @AfterAll
    static void stop() {
        usmart.close();
        sandbox.close();
    }

    @Test
    void view_returnsTitleFilesAndPipelines() {
        DatasetView v = usmart.dataset(AIR).view();
        assertEquals(AIR, v.datasetGuid());
        assertTrue(v.title().toLowerCase().contains("air quality"), v.title());
        FileInfo f = v.file(AIR_FILE).orElseThrow();
        assertEquals("air-quality-2026.csv", f.fileName());
        assertTrue(f.fileSize() > 0);
        assertEquals(2, v.pipelines().size());
        assertTrue(v.pipeline(AIR_API).orElseThrow().complete());
        assertEquals(AIR, v.json().path("datasetGUID").asText(), "raw JSON reachable");
        assertTrue(v.toText().contains("air-quality-2026.csv"));
        assertTrue(v.toHtml().contains("<table"));
    }

    @Test
    void view_worksWithViewerKey() {
        try (USmart viewer = Sandboxes.connect(sandbox, sandbox.viewerKey())) {
            assertEquals(AIR, viewer.dataset(AIR).view().datasetGuid());
        }
    }

    @Test
    void files_isTableWithOneRowPerFile() {
        Table t = usmart.dataset(CAR).files();
        assertEquals(1, t.rowCount());
        assertEquals(CAR_FILE, t.stringColumn("fileGUID").get(0));
        assertEquals("car-park-occupancy.csv", t.stringColumn("fileName").get(0));
        assertTrue(t.columnNames().containsAll(java.util.List.of("size", "revision", "updated")));
        assertTrue(t.print().contains("car-park-occupancy.csv"), "prints readably");
    }

    @Test
    void pipelines_isTableWithStatusAndRows() {
        Table t = usmart.dataset(AIR).pipelines();
        assertEquals(2, t.rowCount());
        assertTrue(t.stringColumn("resourceContainerGUID").asList().containsAll(java.util.List.of(AIR_API, AIR_DOWNLOAD)));
        assertTrue(t.stringColumn("pipelineId").asList().contains("csv-to-api"));
        assertTrue(t.columnNames().contains("rows"));
    }

    @Test
    void view_unknownDatasetIsNotFoundNamingGuid() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.dataset(MISSING).view());
        assertEquals(404, e.status());
        assertEquals("dataset:view", e.action());
        assertTrue(e.getMessage().contains(MISSING), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.serviceMessage().isPresent());
    }

    @Test
    void dataset_refusesNonGuid() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.dataset("../etc/passwd"));
        assertTrue(e.getMessage().contains("not a dataset GUID"), e.getMessage());
        assertThrows(BadRequestException.class, () -> usmart.dataset(" "));
        assertThrows(BadRequestException.class, () -> usmart.dataset((String) null));
    }

    @Test
    void aGuidCopiedShortenedFromATable_isNamedSo_withWhereTheWholeOneIs() {
        for (String shortened : List.of("114f8ea9…", "114f8ea9...", " 114f8ea9… ")) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.dataset(shortened));
            assertTrue(e.what().contains("shortened"), e.what());
            assertTrue(e.whatToDo().contains("catalog()"), e.whatToDo());
        }
        BadRequestException file = assertThrows(BadRequestException.class,
                () -> usmart.dataset(AIR).replace("3880d4e6…", Path.of("air.csv")));
        assertTrue(file.what().contains("file GUID shortened"), file.what());
        assertTrue(file.whatToDo().contains("files()"), file.whatToDo());
    }

    @Test
    void wrongSecret_isAuthenticationException() {
        try (USmart bad = Sandboxes.connect(sandbox, new ApiKey(sandbox.providerKey().id(), "wrong-secret-123"))) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> bad.dataset(AIR).view());
            assertEquals(401, e.status());
            assertTrue(e.getMessage().contains("USMART_API_KEY_SECRET"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-secret-123"));
        }
    }

    @Test
    void viewerWriting_isPermissionException() throws IOException {
        Path f = Sandboxes.csv(dir, "v.csv", 3);
        try (USmart viewer = Sandboxes.connect(sandbox, sandbox.viewerKey())) {
            PermissionException e = assertThrows(PermissionException.class, () -> viewer.dataset(AIR).refresh(AIR_API));
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("Provider"), e.getMessage());
            assertThrows(PermissionException.class, () -> viewer.dataset(PLAYGROUND).add(f));
        }
    }

    @Test
    void otherOrganisationsKey_isPermissionException() {
        try (USmart other = Sandboxes.connect(sandbox, sandbox.otherOrgKey())) {
            assertThrows(PermissionException.class, () -> other.dataset(AIR).view());
        }
    }

    @Test
    void add_returnsNewFileGuidVisibleInView() throws IOException {
        Path f = Sandboxes.csv(dir, "added.csv", 10);
        Dataset ds = usmart.dataset(PLAYGROUND);
        int before = ds.view().files().size();
        UploadResult r = ds.add(f);
        assertNotNull(r.fileGuid());
        assertEquals("file:create", r.action());
        assertEquals(Files.size(f), r.bytes());
        assertEquals(Boolean.TRUE, r.etagMatches());
        DatasetView after = ds.view();
        assertEquals(before + 1, after.files().size());
        FileInfo added = after.file(r.fileGuid()).orElseThrow();
        assertEquals("added.csv", added.fileName(), "base name only");
        assertEquals(Files.size(f), added.fileSize());
        assertTrue(r.toText().contains(r.fileGuid()), r.toText());
    }

    @Test
    void add_withFileNameOverride() throws IOException {
        Path f = Sandboxes.csv(dir, "local-export-2026.csv", 4);
        UploadResult r = usmart.dataset(PLAYGROUND).add(f, UploadOptions.defaults().fileName("renamed.csv"));
        assertEquals("renamed.csv", usmart.dataset(PLAYGROUND).view().file(r.fileGuid()).orElseThrow().fileName());
    }

    @Test
    void add_namesWithSpacesAndNonAsciiArriveExactlyAndFoldersStayHome() throws IOException {
        // Good names, unlike the bad ones of BadInputTest: they must arrive as they are, and the
        // folders a file sits in are never sent.
        Path deep = Files.createDirectories(dir.resolve("exports").resolve("2026 Q1"));
        for (String name : new String[] {"air quality 2026.csv", "données-qualité-é.csv", "Ærø Ø 東京.csv"}) {
            UploadResult r = usmart.dataset(PLAYGROUND).add(Sandboxes.csv(deep, name, 2));
            assertEquals(name, usmart.dataset(PLAYGROUND).view().file(r.fileGuid()).orElseThrow().fileName());
        }
    }

    @Test
    void add_emptyFileWhenAllowed() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.csv"));
        UploadResult r = usmart.dataset(PLAYGROUND).add(f, UploadOptions.defaults().allowEmpty(true));
        assertEquals(0, r.bytes());
        assertEquals(0L, usmart.dataset(PLAYGROUND).view().file(r.fileGuid()).orElseThrow().fileSize());
    }

    @Test
    void replace_bumpsRevisionAndReturnsHandle() throws IOException {
        Path f = Sandboxes.carCsv(dir, "car-park-occupancy.csv", 20);
        Dataset ds = usmart.dataset(CAR);
        long rev = ds.view().file(CAR_FILE).orElseThrow().revision();
        Dataset same = ds.replace(CAR_FILE, f);
        assertSame(ds, same);
        FileInfo now = ds.view().file(CAR_FILE).orElseThrow();
        assertEquals(rev + 1, now.revision());
        assertEquals(Files.size(f), now.fileSize());
    }

    @Test
    void replace_unknownFileFailsBeforeUploadListingFiles() throws IOException {
        Path f = Sandboxes.csv(dir, "x.csv", 2);
        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.dataset(AIR).replace(MISSING, f));
        assertTrue(e.getMessage().contains(MISSING) && e.getMessage().contains(AIR_FILE), e.getMessage());
    }

    @Test
    void replace_refusesEmptyFile() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.csv"));
        USmartException e = assertThrows(io.github.usmartkit.error.UploadFailedException.class,
                () -> usmart.dataset(CAR).replace(CAR_FILE, f));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void chain_replaceThenRefreshAllThenAwait() throws IOException {
        Path f = Sandboxes.airCsv(dir, "air-quality-2026.csv", 50);
        RefreshResults r = usmart.dataset(AIR).replace(AIR_FILE, f).refreshAll();
        assertEquals(2, r.results().size());
        assertTrue(r.ok(), r.toText());
        assertEquals(2, r.table().rowCount());
        assertTrue(r.toText().contains(AIR_API.substring(0, 8) + "…"), "the text view shortens GUIDs: " + r.toText());
        assertTrue(r.table().stringColumn("resourceContainerGUID").contains(AIR_API), "the table holds them in full");
        ProcessingReport done = usmart.dataset(AIR).awaitProcessed(Duration.ofSeconds(20), Duration.ofMillis(50));
        assertTrue(done.ok(), done.toText());
        assertEquals(50L, done.pipelines().get(0).rowCount());
        assertEquals(50, usmart.rows(AIR_API, -1).rowCount());
    }

    @Test
    void awaitProcessed_reportsFailedPipelineAndWhy() throws IOException {
        Dataset ds = usmart.dataset(PLAYGROUND);
        Path f = Sandboxes.csv(dir, "no-coordinates.csv", 5);
        String file = ds.add(f).fileGuid();
        PipelineInfo p = ds.createPipeline("csv-to-geojson", file);
        assertEquals("new", p.status());
        assertEquals("csv-to-geojson", p.pipelineId());
        RefreshResult r = ds.refresh(p.resourceContainerGuid());
        assertTrue(r.ok());
        ProcessingReport report = ds.awaitProcessed(Duration.ofSeconds(20), Duration.ofMillis(50));
        assertFalse(report.ok());
        assertEquals(1, report.failed().size());
        assertTrue(report.toText().contains("latitude"), report.toText());
    }

    @Test
    void awaitProcessed_timesOutNamingPendingPipeline() throws IOException {
        try (Sandbox slow = Sandbox.builder().processingDelay(Duration.ofSeconds(30)).start();
             USmart u = Sandboxes.connect(slow, slow.providerKey())) {
            u.dataset(CAR).refresh(Sandboxes.CAR_API);
            ProcessingTimeoutException e = assertThrows(ProcessingTimeoutException.class,
                    () -> u.dataset(CAR).awaitProcessed(Duration.ofMillis(300), Duration.ofMillis(100)));
            assertTrue(e.getMessage().contains(Sandboxes.CAR_API) && e.getMessage().contains("processing"), e.getMessage());
            assertTrue(e.getMessage().contains("Wait longer (awaitProcessed(Duration.ofMinutes(10)))"), "says what to do: " + e.getMessage());
        }
    }

    @Test
    void awaitProcessed_reportsEachPollAndTheEndToProgress() {
        List<String> seen = new java.util.ArrayList<>();
        io.github.usmartkit.progress.ProgressListener recorder = new io.github.usmartkit.progress.ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
                seen.add(task + " " + done + "/" + total);
            }

            @Override
            public void finished(String task, boolean ok) {
                seen.add(task + " finished " + ok);
            }
        };
        Dataset ds = usmart.dataset(CAR);
        String title = ds.view().title();
        ds.refresh(Sandboxes.CAR_API);
        ProcessingReport r = ds.awaitProcessed(Duration.ofSeconds(20), recorder);
        assertTrue(r.ok(), r.toText());
        assertTrue(seen.size() >= 2, seen.toString());
        assertEquals("refresh " + title + " 1/1", seen.get(seen.size() - 2), seen.toString());
        assertEquals("refresh " + title + " finished true", seen.get(seen.size() - 1));
    }

    @Test
    void refreshAll_withoutPipelinesSaysSoAndCallsNothing() {
        io.github.usmartkit.sandbox.RequestLog log = new io.github.usmartkit.sandbox.RequestLog();
        try (Sandbox fresh = Sandbox.builder().requestLog(log.out()).start(); USmart u = Sandboxes.connect(fresh, fresh.providerKey())) {
            RefreshResults r = u.dataset(PLAYGROUND).refreshAll();
            assertTrue(r.results().isEmpty());
            assertTrue(r.toText().contains("has no output pipelines: nothing was refreshed")
                    && r.toText().contains("createPipeline(\"csv-to-api\")"), r.toText());
            assertTrue(r.toHtml().contains("no output pipelines"), r.toHtml());
            assertEquals(0, log.count("resourceContainer:process"));
        }
    }

    @Test
    void replaceThenRefreshAll_viewsTheDatasetOnce_laterRefreshesViewAgain() throws IOException {
        io.github.usmartkit.sandbox.RequestLog log = new io.github.usmartkit.sandbox.RequestLog();
        try (Sandbox fresh = Sandbox.builder().requestLog(log.out()).start(); USmart u = Sandboxes.connect(fresh, fresh.providerKey())) {
            Path f = Sandboxes.airCsv(dir, "air-quality-2026.csv", 20);
            Dataset air = u.dataset(AIR);
            log.reset();
            Dataset replaced = air.replace(AIR_FILE, f);
            RefreshResults r = replaced.refreshAll();
            assertEquals(java.util.Set.of(AIR_API, AIR_DOWNLOAD), java.util.Set.copyOf(r.table().stringColumn("resourceContainerGUID").asList()));
            assertEquals(1, log.count("dataset:view"), "the replace's view gave refreshAll the pipelines: " + log.lines());
            assertEquals(2, log.countOnce("resourceContainer:process", 2));
            assertSame(air, replaced, "the same handle");
            log.reset();
            replaced.refreshAll();
            assertEquals(1, log.count("dataset:view"), "only the first refreshAll after the replace skips the view");
        }
    }

    /** Each message names the action, the GUID, the HTTP status, the service's own words and what to do. */
    @Test
    void errors_nameActionGuidStatusServiceMessageAndWhatToDo() {
        record Case(String action, String guid, int status, String todo, org.junit.jupiter.api.function.Executable call) { }
        USmart viewer = Sandboxes.connect(sandbox, sandbox.viewerKey());
        USmart wrong = Sandboxes.connect(sandbox, new ApiKey(sandbox.providerKey().id(), "not-the-secret"));
        try {
            List<Case> cases = List.of(
                    new Case("dataset:view", MISSING, 404, "catalog() lists the organisation's datasets", () -> usmart.dataset(MISSING).view()),
                    new Case("resourceContainer:process", AIR_API, 403, "needs the Viewer role, every other action Provider",
                            () -> viewer.dataset(AIR).refresh(AIR_API)),
                    new Case("dataset:view", AIR, 401, "Check USMART_API_KEY_ID and USMART_API_KEY_SECRET",
                            () -> wrong.dataset(AIR).view()),
                    new Case("resourceContainer:create", AIR, 400, "Fix what the service's message names",
                            () -> usmart.dataset(AIR).createPipeline("csv-to-moon")),
                    new Case("dataset:view", CAR, 503, "try again later", () -> {
                        sandbox.faults().failNext("dataset:view", 503, 10);
                        try {
                            usmart.dataset(CAR).view();
                        } finally {
                            sandbox.faults().clear();
                        }
                    }));
            for (Case c : cases) {
                USmartException e = assertThrows(USmartException.class, c.call());
                String m = e.getMessage();
                assertTrue(m.startsWith(c.action() + " on " + c.guid() + " failed: "), m);
                assertEquals(c.status(), e.status(), m);
                assertTrue(m.contains("(HTTP " + c.status() + " "), m);
                String said = e.serviceMessage().orElseThrow();
                assertFalse(said.isBlank(), m);
                assertTrue(m.contains("Service said: " + said), m);
                assertEquals(c.action(), e.action());
                assertEquals(c.guid(), e.guid().orElseThrow());
                assertTrue(e.whatToDo().contains(c.todo()), e.whatToDo());
                assertTrue(m.endsWith(e.whatToDo()), "the message ends with the advice: " + m);
            }
        } finally {
            viewer.close();
            wrong.close();
        }
    }

    @Test
    void createPipeline_unknownPipelineIsBadRequestListingKnown() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.dataset(AIR).createPipeline("csv-to-moon"));
        assertTrue(e.getMessage().contains("csv-to-api"), e.getMessage());
        assertThrows(BadRequestException.class, () -> usmart.dataset(AIR).createPipeline(" "));
    }

    @Test
    void refresh_unknownContainerIsNotFound() {
        assertThrows(NotFoundException.class, () -> usmart.dataset(AIR).refresh(MISSING));
    }

    @Test
    void action_escapeHatchReturnsResult() {
        JsonNode r = usmart.action("dataset:view", Map.of("datasetGUID", AIR));
        assertEquals(AIR, r.path("datasetGUID").asText());
        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.action("dataset:frobnicate", Map.of("datasetGUID", AIR)));
        assertTrue(e.getMessage().contains("dataset:frobnicate"), e.getMessage());
        BadRequestException bad = assertThrows(BadRequestException.class, () -> usmart.action("dataset:view", Map.of()));
        assertTrue(bad.getMessage().contains("datasetGUID"), bad.getMessage());
    }

    @Test
    void awaitProcessed_refusesNegativeTimeout() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.dataset(AIR).awaitProcessed(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("Duration.ofMinutes"), e.getMessage());
    }
}

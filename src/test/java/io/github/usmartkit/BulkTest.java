package io.github.usmartkit;

import io.github.usmartkit.bulk.BulkLine;
import io.github.usmartkit.bulk.BulkOptions;
import io.github.usmartkit.bulk.BulkReport;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.sandbox.RequestLog;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.sandbox.SandboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static io.github.usmartkit.Sandboxes.BIN;
import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_FILE;
import static io.github.usmartkit.Sandboxes.MISSING;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bulk(manifest)} against a fresh sandbox per test: every line's outcome (published,
 * unchanged, refused, failed, planned), one bad line never stopping the others, and a re-run that
 * sends only what is not there yet.
 */
class BulkTest {

    /** The bin collections' file (date, street, ward, bin_type). */
    static final String BIN_FILE = "03e30a34-4e71-4bec-9e07-8befa1900f29";

    @TempDir
    Path dir;

    /** A fresh sandbox each test (the runs change its datasets), with its request log. */
    private final SandboxExtension extension = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(20)));
    private Sandbox sb;
    private USmart usmart;
    private RequestLog log;

    @BeforeEach
    void start() {
        extension.beforeAll(null);
        sb = extension.sandbox();
        log = extension.log();
        usmart = Sandboxes.builder(sb, sb.providerKey()).history(null).connect();
    }

    @AfterEach
    void stop() {
        usmart.close();
        extension.afterAll(null);
    }

    private BulkReport bulk(USmart s, Path manifest) {
        return s.bulk(manifest, BulkOptions.defaults().timeout(Duration.ofSeconds(30)).progress(ProgressListener.none()));
    }

    private Path manifest(String... lines) throws IOException {
        return Files.writeString(dir.resolve("nightly.csv"), "datasetGUID,fileGUID,path,pipelineId\n" + String.join("\n", lines) + "\n");
    }

    private static Map<Integer, BulkLine> byLine(BulkReport r) {
        return r.lines().stream().collect(Collectors.toMap(BulkLine::line, l -> l));
    }

    private FileInfo file(String dataset, String guid) {
        return usmart.dataset(dataset).view().files().stream().filter(f -> guid.equals(f.fileGuid())).findFirst().orElseThrow();
    }

    @Test
    void goodAndBadLines_eachGetItsOutcome_andARerunSendsNothingAgain() throws IOException {
        Sandboxes.airCsv(dir, "air.csv", 12);
        Sandboxes.csv(dir, "counts.csv", 5);
        Files.writeString(dir.resolve("ragged.csv"), "timestamp,car_park,capacity,occupied\n2026-01-01T00:00:00Z,North,100\n");
        Files.writeString(dir.resolve("renamed.csv"), "day,road,ward,bin_type\n2026-01-01,High Street,North,general\n");
        Files.writeString(dir.resolve("points.csv"), "name,count\nA,1\nB,2\n");
        Path m = manifest(
                AIR + "," + AIR_FILE + ",air.csv,",                  // 2 published
                PLAYGROUND + ",,counts.csv,csv-to-api",              // 3 published: added, with a pipeline
                CAR + "," + CAR_FILE + ",ragged.csv,",               // 4 refused: the preflight
                BIN + "," + BIN_FILE + ",renamed.csv,",              // 5 refused: a schema change (date, street → day, road)
                AIR + "," + MISSING + ",air.csv,",                   // 6 refused: no such file in the dataset
                PLAYGROUND + ",,missing.csv,",                       // 7 refused: no local file
                "not a guid,,air.csv,",                              // 8 refused: the line itself
                PLAYGROUND + ",,points.csv,csv-to-geojson");         // 9 failed: the pipeline fails (no latitude/longitude)
        BulkReport r = bulk(usmart, m);
        Map<Integer, BulkLine> at = byLine(r);
        assertEquals(8, r.lines().size(), r.toText());
        assertEquals(BulkLine.PUBLISHED, at.get(2).outcome(), r.toText());
        assertEquals(2L, at.get(2).revision());
        assertEquals(12L, at.get(2).rows());
        assertEquals(BulkLine.PUBLISHED, at.get(3).outcome(), r.toText());
        assertEquals(5L, at.get(3).rows());
        assertNotNull(at.get(3).fileGuid());
        assertTrue(at.get(3).note().contains("created the csv-to-api pipeline"), at.get(3).note());
        for (int refused : new int[] {4, 5, 6, 7, 8}) {
            assertEquals(BulkLine.REFUSED, at.get(refused).outcome(), "line " + refused + ": " + r.toText());
            assertNotNull(at.get(refused).error());
        }
        assertEquals("PreflightFailedException", at.get(4).errorKind());
        assertEquals("SchemaChangeException", at.get(5).errorKind());
        assertEquals("NotFoundException", at.get(6).errorKind());
        assertTrue(at.get(7).error().contains("missing.csv"), at.get(7).error());
        assertTrue(at.get(8).error().contains("line 8") && at.get(8).error().contains("not a guid"), at.get(8).error());
        assertEquals(BulkLine.FAILED, at.get(9).outcome(), r.toText());
        assertTrue(at.get(9).error().contains("what the public sees differs"), at.get(9).error());
        assertEquals(6, r.failed().size());
        assertTrue(!r.ok());
        assertEquals(1L, file(CAR, CAR_FILE).revision(), "a refused line changes nothing");
        assertEquals(Map.of("failed", 1L, "published", 2L, "refused", 5L), r.counts());

        // Run it again: what is there already is not sent again, only verified.
        log.reset();
        BulkReport again = bulk(usmart, m);
        Map<Integer, BulkLine> at2 = byLine(again);
        assertEquals(BulkLine.UNCHANGED, at2.get(2).outcome(), again.toText());
        assertEquals(2L, at2.get(2).revision());
        assertEquals(BulkLine.UNCHANGED, at2.get(3).outcome(), again.toText());
        assertEquals(at.get(3).fileGuid(), at2.get(3).fileGuid(), "the added file is found again, not added twice");
        assertEquals(0, log.count("PUT"), log.lines().toString());
        assertEquals(0, log.count("file:create") + log.count("file:updateRevision") + log.count("resourceContainer:create"),
                log.lines().toString());
        DatasetView playground = usmart.dataset(PLAYGROUND).view();
        assertEquals(2, playground.files().size(), "counts.csv and points.csv, each once");
        assertEquals(2, playground.pipelines().size(), "one pipeline each, not made again");
    }

    @Test
    void lineThatCouldNotRefresh_failsAlone_andARerunFinishesItWithoutUploadingAgain() throws IOException {
        Sandboxes.airCsv(dir, "air.csv", 8);
        Sandboxes.carCsv(dir, "car.csv", 6);
        Path m = manifest(AIR + "," + AIR_FILE + ",air.csv,", CAR + "," + CAR_FILE + ",car.csv,");
        sb.faults().failNext("resourceContainer:process", 400, 100);
        BulkReport r = bulk(usmart, m);
        for (BulkLine l : r.lines()) {
            assertEquals(BulkLine.FAILED, l.outcome(), r.toText());
            assertEquals(2L, l.revision(), "uploaded and registered");
            assertTrue(l.error().contains("is at revision 2") && l.error().contains("could not be asked to process"), l.error());
        }
        sb.faults().clear();
        log.reset();
        BulkReport again = bulk(usmart, m);
        assertTrue(again.ok(), again.toText());
        for (BulkLine l : again.lines()) {
            assertEquals(BulkLine.PUBLISHED, l.outcome(), again.toText());
            assertTrue(l.note().contains("unchanged, but the public did not see it"), l.note());
        }
        assertEquals(8L, byLine(again).get(2).rows());
        assertEquals(6L, byLine(again).get(3).rows());
        assertEquals(0, log.count("PUT"), "nothing uploaded again: " + log.lines());
        assertEquals(3, log.count("resourceContainer:process"), "each pipeline once: air's two, car's one");
    }

    @Test
    void dryRun_plansEveryLine_andSendsNothing() throws IOException {
        Sandboxes.airCsv(dir, "air.csv", 8);
        Sandboxes.csv(dir, "counts.csv", 3);
        Path m = manifest(AIR + "," + AIR_FILE + ",air.csv,", PLAYGROUND + ",,counts.csv,csv-to-api");
        log.reset();
        try (USmart dry = usmart.dryRun()) {
            BulkReport r = bulk(dry, m);
            assertTrue(r.ok(), r.toText());
            r.lines().forEach(l -> assertEquals(BulkLine.PLANNED, l.outcome(), r.toText()));
            List<String> actions = dry.plan().writes().stream().map(w -> w.action()).toList();
            assertTrue(actions.contains("file:updateRevision") && actions.contains("file:create")
                    && actions.contains("resourceContainer:process"), actions.toString());
        }
        assertEquals(0, log.count("PUT") + log.count("file:create") + log.count("file:updateRevision")
                + log.count("resourceContainer:process") + log.count("resourceContainer:create"), log.lines().toString());
        assertEquals(1L, file(AIR, AIR_FILE).revision());
        assertTrue(usmart.dataset(PLAYGROUND).view().files().isEmpty());
    }

    @Test
    void addingANameTheDatasetHoldsWithOtherContent_isRefused_namingTheFile() throws IOException {
        Sandboxes.airCsv(dir, "air-quality-2026.csv", 3);
        BulkReport r = bulk(usmart, manifest(AIR + ",,air-quality-2026.csv,"));
        BulkLine l = r.lines().get(0);
        assertEquals(BulkLine.REFUSED, l.outcome(), r.toText());
        assertTrue(l.error().contains(AIR_FILE) && l.error().contains("fileGUID column"), l.error());
        assertEquals(1, usmart.dataset(AIR).view().files().size());
    }

    @Test
    void aPipelineAskedForOnAReplace_isMadeOnce_andProcessed() throws IOException {
        Sandboxes.carCsv(dir, "car.csv", 4);
        Path m = manifest(CAR + "," + CAR_FILE + ",car.csv,csv-to-download");
        BulkReport r = bulk(usmart, m);
        assertTrue(r.ok(), r.toText());
        List<PipelineInfo> ps = usmart.dataset(CAR).view().pipelines();
        assertEquals(2, ps.size());
        assertTrue(ps.stream().allMatch(PipelineInfo::complete), ps.toString());
        BulkReport again = bulk(usmart, m);
        assertEquals(BulkLine.UNCHANGED, again.lines().get(0).outcome(), again.toText());
        assertEquals(2, usmart.dataset(CAR).view().pipelines().size());
    }

    @Test
    void manifestThatCannotBeRead_isRefusedWhole_nothingDone() throws IOException {
        log.reset();
        Path unknown = Files.writeString(dir.resolve("a.csv"), "datasetGUID,fileGUID,path,pipline\n" + AIR + "," + AIR_FILE + ",x.csv,\n");
        BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.bulk(unknown));
        assertTrue(e.what().contains("unknown column 'pipline'"), e.getMessage());
        Path noFile = Files.writeString(dir.resolve("b.csv"), "datasetGUID,path\n" + AIR + ",x.csv\n");
        assertTrue(assertThrows(BadRequestException.class, () -> usmart.bulk(noFile)).what().contains("no fileGUID column"));
        Path empty = Files.writeString(dir.resolve("c.csv"), "");
        assertTrue(assertThrows(BadRequestException.class, () -> usmart.bulk(empty)).what().contains("no header"));
        Path latin1 = Files.write(dir.resolve("d.csv"), ("datasetGUID,fileGUID,path\n" + AIR + ",,caf\u00e9.csv\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(UploadFailedException.class, () -> usmart.bulk(latin1)).what().contains("not UTF-8"));
        assertTrue(assertThrows(UploadFailedException.class, () -> usmart.bulk(dir.resolve("none.csv"))).what().contains("no such file"));
        assertEquals(0, log.lines().size(), "nothing was called: " + log.lines());
    }

    @Test
    void headerOnly_isAnEmptyRun() throws IOException {
        BulkReport r = bulk(usmart, manifest());
        assertTrue(r.ok() && r.lines().isEmpty(), r.toText());
        assertTrue(r.summary().contains("0 lines"), r.summary());
    }

    @Test
    void progress_saysEachLinesOutcome_andEachPipelinesChange() throws IOException {
        Sandboxes.carCsv(dir, "car.csv", 4);
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        usmart.bulk(manifest(CAR + "," + CAR_FILE + ",car.csv,"), BulkOptions.defaults().progress(new ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
            }

            @Override
            public void stage(String task, String stage) {
                stages.add(task + ": " + stage);
            }
        }));
        assertTrue(stages.stream().anyMatch(s -> s.equals("bulk nightly.csv: line 2 published (revision 2, 4 rows)")), stages.toString());
        assertTrue(stages.stream().anyMatch(s -> s.matches("bulk nightly\\.csv: dataset a60c7aad…: csv-to-api .*→ complete")), stages.toString());
    }

    @Test
    void nullArguments_areRefused() throws IOException {
        Path m = manifest();
        assertThrows(BadRequestException.class, () -> usmart.bulk(null));
        assertThrows(BadRequestException.class, () -> usmart.bulk(m, null));
        assertThrows(BadRequestException.class, () -> BulkOptions.defaults().concurrency(0));
    }
}

package io.github.usmartkit;

import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.upload.PublishReport;
import io.github.usmartkit.upload.UploadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static io.github.usmartkit.Sandboxes.RECYCLING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replace keeps the file's name in uSmart, and its pipelines read the new content as that name
 * says: a local file whose own name says another format, or none (an {@code export}, a
 * {@code .txt}), is checked as the file it replaces before anything is sent.
 */
class ReplaceKeepsFormatTest {



    @RegisterExtension
    static final Sandboxes.Session session = new Sandboxes.Session(b -> b.processingDelay(Duration.ofMillis(20)));

    @TempDir
    Path dir;

    private long airRevision() {
        return session.usmart().dataset(AIR).view().files().stream().filter(f -> AIR_FILE.equals(f.fileGuid()))
                .findFirst().map(FileInfo::revision).orElseThrow();
    }

    @Test
    void aFileWithoutExtension_replacingACsv_isCheckedAsCsv_andRefusedWhenItIsNotOne() throws IOException {
        // what a user picking the wrong file sends: /etc/passwd-like lines, one with commas
        Path export = Files.writeString(dir.resolve("export"), "root:x:0:0:root:/root:/bin/bash\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbob:x:1000:1000:Bob,Room 4,555,:/home/bob:/bin/bash\n");
        long before = airRevision();
        PreflightFailedException e = assertThrows(PreflightFailedException.class,
                () -> session.usmart().dataset(AIR).replace(AIR_FILE, export));
        assertEquals(3, e.line(), "the ragged line is named");
        assertTrue(e.what().contains("checked as CSV: it replaces air-quality-2026.csv"), e.what());
        assertEquals(before, airRevision(), "nothing registered");
        assertEquals(0, session.log().count("PUT"), "nothing uploaded: " + session.log().lines());
        assertEquals(0, session.log().count("s3:generatePutRequest"), String.valueOf(session.log().lines()));
    }

    @Test
    void aTxtFileReplacingACsv_meetsTheSchemaGuard() throws IOException {
        Path txt = Files.writeString(dir.resolve("readings.txt"), "when,where,value\n2026-02-01T00:00:00Z,North Park,12.5\n");
        long before = airRevision();
        SchemaChangeException e = assertThrows(SchemaChangeException.class,
                () -> session.usmart().dataset(AIR).replace(AIR_FILE, txt));
        assertTrue(e.added().contains("when") && e.removed().contains("no2"), e.what());
        assertEquals(before, airRevision());
        assertEquals(0, session.log().count("PUT"), String.valueOf(session.log().lines()));
    }

    @Test
    void aGoodCsvUnderAnotherLocalName_isPublished_andVerifiedRowForRow() throws IOException {
        Path renamed = Files.move(Sandboxes.airCsv(dir, "x.csv", 12), dir.resolve("readings-export"));
        PublishReport r = session.usmart().dataset(AIR).publish(AIR_FILE, renamed, UploadOptions.defaults(), Duration.ofSeconds(30));
        assertTrue(r.ok(), r.toText());
        assertEquals("air-quality-2026.csv", r.upload().fileName(), "the name is kept");
        assertEquals("csv", r.preflight().format(), "checked as the CSV it replaces");
        assertTrue(r.verify().checks().stream().allMatch(c -> c.expectedRows() == 12 && Long.valueOf(12).equals(c.publishedRows())),
                r.verify().toText());
    }

    @Test
    void aCsvReplacingAGeoJsonFile_isCheckedAsGeoJson() throws IOException {
        Path csv = Sandboxes.csv(dir, "points.csv", 3);
        String file = session.usmart().dataset(RECYCLING).view().files().get(0).fileGuid();
        PreflightFailedException e = assertThrows(PreflightFailedException.class,
                () -> session.usmart().dataset(RECYCLING).replace(file, csv));
        assertTrue(e.what().contains("checked as GEOJSON"), e.what());
        assertEquals(0, session.log().count("PUT"), String.valueOf(session.log().lines()));
    }
}

package io.github.usmartkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.github.usmartkit.Kit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The static facade in sandbox mode, used exactly as a JShell user would. */
class KitTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox();
    }

    @AfterAll
    static void stop() {
        Kit.close();
    }

    @Test
    void chain_worksVerbatimAfterStaticImport() throws IOException {
        Path path = Sandboxes.airCsv(dir, "air.csv", 12);
        var results = dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762").replace("3880d4e6-ffdd-465b-bd97-56901021ef1c", path).refreshAll();
        assertTrue(results.ok(), results.toText());
        assertEquals(2, results.results().size());
    }

    @Test
    void banner_saysSandboxInCapitalsWithUrl() {
        String b = banner();
        assertTrue(b.contains("SANDBOX"), b);
        assertTrue(b.contains("http://127.0.0.1:"), b);
        assertTrue(inSandbox());
    }

    @Test
    void session_isCreatedOnceAndReused() {
        assertSame(session(), session());
    }

    @Test
    void files_printsReadableTable() {
        String printed = dataset(Sandboxes.CAR).files().print();
        assertTrue(printed.contains("car-park-occupancy.csv"), printed);
        assertTrue(printed.contains("fileGUID"), printed);
    }

    @Test
    void readsAndCatalogue_throughFacade() {
        assertEquals(100, rows(Sandboxes.CAR_API).rowCount());
        assertEquals(7, catalog().rowCount());
        assertEquals(Sandboxes.AIR, action("dataset:view", java.util.Map.of("datasetGUID", Sandboxes.AIR)).path("datasetGUID").asText());
    }

    @Test
    void help_listsEveryVerbWithExample() {
        String h = helpText();
        for (String verb : new String[] {"dataset(ds).view()", "files()", "pipelines()", "add(", "replace(", "createPipeline(",
                "refresh(rc)", "refreshAll()", "awaitProcessed(", "rows(rc)", "read(rc)", "catalog()", "action(", "banner()"}) {
            assertTrue(h.contains(verb), "help mentions " + verb);
        }
    }
}

package io.github.usmartkit;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interactive chain, typed into a real JShell after the static import. In-process JShell
 * waits for every thread a snippet starts (see {@code Threads}): the timeout turns a regression
 * into a failure rather than a hung build.
 */
@org.junit.jupiter.api.Tag("slow")
@org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class JShellKitTest {

    static JShell shell;

    @BeforeAll
    static void start() {
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        eval("import static io.github.usmartkit.Kit.*;");
        eval("import java.nio.file.*;");
        eval("sandbox();");
    }

    @AfterAll
    static void stop() {
        eval("io.github.usmartkit.Kit.close();");
        shell.close();
    }

    /** Evaluates one snippet; fails on a compile error or an exception; returns its value. */
    private static String eval(String code) {
        List<SnippetEvent> events = shell.eval(code);
        String value = null;
        for (SnippetEvent e : events) {
            assertNull(e.exception(), () -> code + " threw " + e.exception());
            assertTrue(e.status() == Snippet.Status.VALID, () -> code + " is " + e.status() + ": "
                    + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            value = e.value();
        }
        return value;
    }

    @Test
    void chain_replaceThenRefreshAll_worksVerbatim() {
        eval("Path path = Files.writeString(Files.createTempFile(\"air\", \".csv\"), \"timestamp,site,no2,pm10,pm25\\n2026-02-01T00:00:00Z,North Park,12.5,14.0,7.0\\n\");");
        eval("var results = dataset(\"114f8ea9-b5fa-45dd-af46-f9313dd31762\").replace(\"3880d4e6-ffdd-465b-bd97-56901021ef1c\", path).refreshAll();");
        assertEquals("true", eval("results.ok()"));
        assertEquals("true", eval("results.toString().matches(\"(?s).*e5a73062… +csv-to-api.*\")"), "a results table, GUIDs shortened");
        assertTrue(eval("results.outcomes()").contains("e5a73062-ed6c-4282-8262-b33ae725f02b"), "in full for logs");
    }

    @Test
    void files_printsReadableTable() {
        String printed = eval("dataset(\"a60c7aad-cf06-4def-938e-31a6432d45f1\").files().print()");
        assertTrue(printed.contains("car-park-occupancy.csv"), printed);
        assertTrue(printed.contains("fileGUID"), printed);
    }

    @Test
    void banner_showsSandbox() {
        assertTrue(eval("banner()").contains("SANDBOX"));
    }

    @Test
    void newSessionsInSnippets_doNotHangTheShell() {
        for (int i = 0; i < 5; i++) {
            eval("sandbox();");
            eval("dataset(\"a60c7aad-cf06-4def-938e-31a6432d45f1\").view().title()");
        }
    }
}

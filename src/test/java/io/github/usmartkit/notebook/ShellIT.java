package io.github.usmartkit.notebook;

import static io.github.usmartkit.notebook.KitProcesses.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bin/usmart shell` as a real process: the worked .jsh examples, failing scripts, the interactive banner. */
class ShellIT {

    @TempDir
    Path work;

    private Map<String, String> env;

    @BeforeEach
    void env() {
        env = KitProcesses.kitEnv(work.resolve("home"));
    }

    private KitProcesses.Result shell(String stdin, String... args) {
        List<String> command = KitProcesses.list(ROOT.resolve("bin/usmart-shell").toString());
        command.addAll(List.of(args));
        return KitProcesses.run(command, env, work, Duration.ofMinutes(3), stdin);
    }

    private static String resource(String name) {
        return ROOT.resolve("src/test/resources/io/github/usmartkit/notebook").resolve(name).toString();
    }

    @Test
    void inspectExample_printsViewAgainstSandbox_exit0() {
        KitProcesses.Result r = shell(null, ROOT.resolve("notebooks/01-inspect-dataset.jsh").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("connected to the local SANDBOX"), r.out());
        assertTrue(r.out().contains("Air quality readings") && r.out().contains("air-quality-2026.csv"), r.out());
        assertTrue(r.out().contains("csv-to-download  complete"), r.out());
    }

    @Test
    void replaceExample_uploadsRevision2AndWaitsForPipelines_exit0() {
        KitProcesses.Result r = shell(null, ROOT.resolve("notebooks/02-replace-and-refresh.jsh").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("replaced air-quality-2026.csv") && r.out().contains("revision 2"), r.out());
        assertTrue(r.out().contains("2 of 2 pipelines of dataset 114f8ea9-b5fa-45dd-af46-f9313dd31762 complete"), r.out());
        // output is not a terminal: progress is one timestamped line per stage on stderr, never a redraw
        assertFalse(r.out().contains("\r") || r.err().contains("\r"), "no carriage return in a log: " + r.all());
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ";
        for (String stage : List.of("upload air-quality-2026.csv: asking for an upload URL", "upload air-quality-2026.csv: uploading ",
                "upload air-quality-2026.csv: uploaded ", "upload air-quality-2026.csv: registered as revision 2",
                "refresh Air quality readings: csv-to-api e5a73062-ed6c-4282-8262-b33ae725f02b: ",
                "refresh Air quality readings: done in ")) {
            assertTrue(r.err().lines().anyMatch(l -> l.matches(stamp + java.util.regex.Pattern.quote(stage) + ".*")), stage + " in:\n" + r.err());
        }
    }

    @Test
    void rowsExample_summarisesAndWritesPngChart_exit0() throws Exception {
        KitProcesses.Result r = shell(null, ROOT.resolve("notebooks/05-rows-summary.jsh").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("2000 rows read") && r.out().contains("Station Street"), r.out());
        byte[] png = java.nio.file.Files.readAllBytes(work.resolve("air-quality-by-site.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void scriptThatThrows_exits1_namingLineAndCause_withoutStackTrace() {
        KitProcesses.Result r = shell(null, resource("failing-not-found.jsh"));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("step 1 ok") && !r.out().contains("never printed"), r.out());
        assertTrue(r.err().contains("failing-not-found.jsh:3: error:"), r.err());
        assertTrue(r.err().contains("NotFoundException") && r.err().contains("00000000-0000-4000-8000-000000000000"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void scriptThatDoesNotCompile_exits1() {
        KitProcesses.Result r = shell(null, resource("failing-compile.jsh"));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("failing-compile.jsh:2: error: does not compile") && r.err().contains("incompatible types"), r.err());
        assertFalse(r.out().contains("never printed"), r.out());
    }

    @Test
    void missingScript_exits2_sayingWhereExamplesAre() {
        KitProcesses.Result r = shell(null, work.resolve("nope.jsh").toString());
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("no script at") && r.err().contains("notebooks/*.jsh"), r.err());
    }

    @Test
    void interactiveShell_withoutCredentials_printsSandboxBannerAndHelp() {
        KitProcesses.Result r = shell("help()\n/exit\n");
        assertEquals(0, r.exit(), r.all());
        String firstLines = r.out().lines().limit(3).reduce("", (a, b) -> a + b + "\n");
        assertTrue(firstLines.contains("usmart-kit connected to the local SANDBOX"), r.out());
        assertTrue(r.out().contains("dataset(ds).replace(fileGuid, Path.of(\"air.csv\"))"), "help() lists the verbs: " + r.out());
    }
}

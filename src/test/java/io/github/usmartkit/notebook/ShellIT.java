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

/** `usmart shell` as a real process: the worked .jsh examples (USMART_SANDBOX=1), failing scripts, the interactive banner. */
@org.junit.jupiter.api.Tag("slow")
class ShellIT {

    @TempDir
    Path work;

    private Map<String, String> env;

    @BeforeEach
    void env() {
        env = KitProcesses.kitEnv(work.resolve("home"));
    }

    /** {@code usmart shell ARGS}: the interactive shell (with {@code stdin} typed), which falls back to the sandbox without credentials. */
    private KitProcesses.Result shell(String stdin, String... args) {
        List<String> command = KitProcesses.usmart("shell");
        command.addAll(List.of(args));
        return KitProcesses.run(command, env, work, Duration.ofMinutes(3), stdin);
    }

    /** {@code usmart shell SCRIPT} asked to rehearse against the sandbox (a script never falls back to it). */
    private KitProcesses.Result script(String script) {
        env.put("USMART_SANDBOX", "1");
        return shell(null, script);
    }

    private static String resource(String name) {
        return ROOT.resolve("src/test/resources/io/github/usmartkit/notebook").resolve(name).toString();
    }

    @Test
    void inspectExample_printsViewAgainstSandbox_exit0() {
        KitProcesses.Result r = script(ROOT.resolve("notebooks/01-inspect-dataset.jsh").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("connected to the local SANDBOX"), r.out());
        assertTrue(r.out().contains("Air quality readings") && r.out().contains("air-quality-2026.csv"), r.out());
        assertTrue(r.out().contains("csv-to-download  complete"), r.out());
    }

    @Test
    void replaceExample_uploadsRevision2AndWaitsForPipelines_exit0() {
        KitProcesses.Result r = script(ROOT.resolve("notebooks/02-replace-and-refresh.jsh").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("published air-quality-2026.csv as file 3880d4e6-ffdd-465b-bd97-56901021ef1c revision 2"), r.out());
        assertTrue(r.out().matches("(?s).*\\nawait +ok +2 of 2 pipelines of dataset.*"), r.out());
        assertTrue(r.out().contains("verified: 2 pipeline(s) serve the 96 rows and 5 columns of air-2026-02.csv"), r.out());
        // output is not a terminal: progress is one timestamped line per stage on stderr, never a redraw
        assertFalse(r.out().contains("\r") || r.err().contains("\r"), "no carriage return in a log: " + r.all());
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ";
        for (String stage : List.of("upload air-2026-02.csv: asking for an upload URL", "upload air-2026-02.csv: uploading ",
                "upload air-2026-02.csv: uploaded ", "upload air-2026-02.csv: registered as revision 2")) {
            assertTrue(r.err().lines().anyMatch(l -> l.matches(stamp + java.util.regex.Pattern.quote(stage) + ".*")), stage + " in:\n" + r.err());
        }
    }

    @Test
    void rowsExample_summarisesAndWritesPngChartOutsideTheWorkingFolder_exit0() throws Exception {
        KitProcesses.Result r = script(ROOT.resolve("notebooks/05-rows-summary.jsh").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("2000 rows read") && r.out().contains("Station Street"), r.out());
        assertTrue(r.out().contains("Mean [no2]") && r.out().matches("(?s).*Central Library +21\\.30 +15\\.46.*"),
                "means right-aligned, rounded alike: " + r.out());
        String written = r.out().lines().filter(l -> l.startsWith("chart written to ")).findFirst().orElseThrow()
                .substring("chart written to ".length());
        Path png = Path.of(written);
        assertFalse(png.startsWith(work) || png.startsWith(ROOT), "never next to the script or in the repository: " + png);
        byte[] bytes = java.nio.file.Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        java.nio.file.Files.delete(png);
        java.nio.file.Files.delete(png.getParent());
    }

    @Test
    void scriptThatThrows_exits1_namingLineAndCause_withoutStackTrace() {
        KitProcesses.Result r = script(resource("failing-not-found.jsh"));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("step 1 ok") && !r.out().contains("never printed"), r.out());
        assertTrue(r.err().contains("failing-not-found.jsh:3: error:"), r.err());
        assertTrue(r.err().contains("NotFoundException") && r.err().contains("00000000-0000-4000-8000-000000000000"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void scriptThatDoesNotCompile_exits1() {
        KitProcesses.Result r = script(resource("failing-compile.jsh"));
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
        List<String> banner = r.out().lines().limit(3).toList();
        assertTrue(banner.get(0).startsWith("usmart-kit connected to the local SANDBOX at http://127.0.0.1:"), r.out());
        for (String line : banner) {
            assertTrue(line.length() <= 100, "the banner fits 100 columns: " + line.length() + ": " + line);
        }
        assertTrue(r.out().contains("dataset(ds).replace(fileGuid, Path.of(\"air.csv\"))"), "help() lists the verbs: " + r.out());
    }

    /**
     * The reading verbs typed alone at the kit's prompt: each shows its whole content (JShell's
     * own feedback would cut it mid-row), in the kit's table style, no line wider than 120.
     */
    @Test
    void promptShowsReadingVerbsWhole_inTheKitsStyle_within120Columns() {
        String ds = "dataset(\"114f8ea9-b5fa-45dd-af46-f9313dd31762\")";
        Map<String, String> typed = new java.util.LinkedHashMap<>();
        typed.put("var air = " + ds, "air ==> Dataset[114f8ea9…]");
        typed.put("rows(\"e5a73062-ed6c-4282-8262-b33ae725f02b\")", "… 90 more rows");
        typed.put("air.view()", "c3c07df2…");
        typed.put("air", "Dataset[114f8ea9… \"Air quality readings\"]");
        typed.put("catalog()", "Playground");
        typed.put("air.files()", "96.1 KiB");
        typed.put("air.pipelines()", "c3c07df2…");
        typed.put("air.refreshAll()", "refreshed 2 of 2 pipelines");
        // JShell's normal mode cuts a declaration's value at 80 characters: the kit's mode does not
        typed.put("var view = air.view()", "c3c07df2…              csv-to-download");
        typed.put("Table pipelines = air.pipelines()", "c3c07df2…              csv-to-download");
        String input = String.join("\n", typed.keySet()) + "\n/exit\n";
        KitProcesses.Result r = shell(input);
        assertEquals(0, r.exit(), r.all());
        // each value starts at a prompt; stdin is not echoed, so a value line reads "jshell> $N ==> …"
        String[] answers = r.out().split("\njshell> ");
        List<String> shown = java.util.Arrays.asList(answers).subList(answers.length - typed.size() - 1, answers.length - 1);
        int i = 0;
        for (Map.Entry<String, String> t : typed.entrySet()) {
            String answer = shown.get(i++);
            assertTrue(answer.contains(t.getValue()), t.getKey() + " shows " + t.getValue() + ":\n" + answer);
            assertFalse(answer.contains(" ... "), t.getKey() + " is not truncated:\n" + answer);
            for (String line : answer.lines().toList()) {
                assertTrue(line.length() <= 120, t.getKey() + ": " + line.length() + " columns: " + line);
            }
        }
        String rows = shown.get(1);
        assertTrue(rows.contains("(100 rows × 6 columns)") && rows.contains("Harbour Road     23.8  11.4   5.2"),
                "rows: caption, numbers right-aligned, one decimal: " + rows);
        String view = shown.get(2);
        assertTrue(view.contains("Air quality readings · public") && view.contains("1 file") && view.contains("2 pipelines")
                && view.contains("air-quality-2026.csv  96.1 KiB"), view);
        assertFalse(shown.get(6).contains("failureReason"), "an empty column is left out: " + shown.get(6));
        assertTrue(shown.get(4).contains("(7 rows") && shown.get(4).contains("Bin collections"), shown.get(4));
    }

    /**
     * The snippets' JVM's class-data archive: AgentTraining (what bin/usmart runs after a first session)
     * writes it with the shell's class path, and the next shell starts its snippets' JVM on it: the
     * same banner and verbs, and no JVM warning on the terminal.
     */
    @Test
    void agentArchive_madeByAgentTraining_startsTheShellQuietly() throws Exception {
        Path archive = ROOT.resolve("target/usmart-agent.jsa"); // where ShellCommand looks, under USMART_KIT_ROOT
        java.nio.file.Files.deleteIfExists(archive);
        List<String> train = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:disable", "-Xlog:all=error:stderr", "-Djava.awt.headless=true",
                "--class-path", KitProcesses.kitClasspath(), "io.github.usmartkit.cli.AgentTraining");
        try {
            KitProcesses.Result t = KitProcesses.run(train, env, work, Duration.ofMinutes(2), null);
            assertEquals(0, t.exit(), t.all());
            assertTrue(java.nio.file.Files.size(archive) > 1_000_000, "an archive of what the snippets' JVM loads");
            KitProcesses.Result r = shell("1 + 1\n/exit\n");
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.out().startsWith("usmart-kit connected to the local SANDBOX"), r.out());
            assertTrue(r.out().contains("$1 ==> 2"), r.out());
            assertFalse(r.all().contains("[warning]") || r.all().contains("cds"), "no JVM warning: " + r.all());
        } finally {
            // made with the test's class path: of no use to bin/usmart's, which makes its own
            java.nio.file.Files.deleteIfExists(archive);
        }
    }
}

package io.github.usmartkit.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jdk.jshell runner behind {@code bin/usmart shell SCRIPT.jsh}, in this JVM. */
@org.junit.jupiter.api.Tag("slow")
class ScriptRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String script, String... startupImports) throws IOException {
        Path startup = dir.resolve("startup.jsh");
        Files.writeString(startup, String.join("\n", startupImports) + "\n");
        Path file = dir.resolve("script.jsh");
        Files.writeString(file, script);
        return new ScriptRunner(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(startup), file.toString());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void script_runsEverySnippet_exits0() throws IOException {
        int status = run("""
                // a comment
                int twice(int x) {
                    return 2 * x;
                }
                var t = table(Table.create("t", IntColumn.indexColumn("i", 12, 0)), 2);
                System.out.println(t.toText());
                twice(20);
                System.out.println(twice(21));
                """, "import tech.tablesaw.api.*;", "import static io.github.usmartkit.Show.*;");
        assertEquals(0, status, err());
        assertTrue(out().contains("… 10 more rows"), out());
        assertTrue(out().contains("42"), out());
        assertFalse(out().contains("40"), "a bare expression's value is not echoed: " + out());
        assertEquals("", err());
    }

    @Test
    void compileError_exits1_namingLineAndProblem() throws IOException {
        int status = run("int a = 1;\n\nString s = 42;\nSystem.out.println(\"not reached\");\n");
        assertEquals(1, status);
        assertTrue(err().contains("script.jsh:3: error: does not compile: String s = 42;"), err());
        assertTrue(err().contains("incompatible types"), err());
        assertFalse(out().contains("not reached"), out());
    }

    @Test
    void exception_exits1_withoutStackTrace() throws IOException {
        int status = run("System.out.println(\"before\");\nObject o = java.util.List.of().get(0);\n");
        assertEquals(1, status);
        assertTrue(out().contains("before"), out());
        assertTrue(err().contains("script.jsh:2: error:"), err());
        assertTrue(err().contains("IndexOutOfBoundsException"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    @Test
    void undefinedName_exits1() throws IOException {
        assertEquals(1, run("System.out.println(noSuchThing);\n"));
        assertTrue(err().contains("cannot find symbol"), err());
    }

    @Test
    void unfinishedSnippetAtEnd_exits1() throws IOException {
        assertEquals(1, run("System.out.println(\"x\");\nvoid f() {\n"));
        assertTrue(err().contains("unfinished snippet"), err());
    }

    @Test
    void exitCommand_endsScriptSuccessfully() throws IOException {
        assertEquals(0, run("System.out.println(\"a\");\n/exit\nthrow new RuntimeException(\"not reached\");\n"));
        assertTrue(out().contains("a"));
    }

    /** What jshell accepts: a statement with no final ';' at the end of a line, or of the file. */
    @Test
    void statementsWithoutSemicolon_atLineEndAndFileEnd_run() throws IOException {
        int status = run("int x = 1 +\n    2\nSystem.out.println(\"x=\" + x)\nSystem.out.println(\"a\"); System.out.println(\"b\")\n"
                + "String s = \"last\"\nSystem.out.println(s)");
        assertEquals(0, status, err());
        assertEquals(List.of("x=3", "a", "b", "last"), out().lines().toList());
    }

    @Test
    void exitWithStatus_endsTheScriptWithIt() throws IOException {
        assertEquals(4, run("System.out.println(\"a\")\n/exit 4\nSystem.out.println(\"not reached\")\n"));
        assertEquals("a", out().strip());
    }

    @Test
    void exitWithAnExpression_asJshellAllows() throws IOException {
        assertEquals(3, run("var failures = java.util.List.of(1, 2, 3)\n/exit failures.size()\n"));
    }

    @Test
    void open_runsTheFile_thenCarriesOn_errorsNamingThatFile() throws IOException {
        Path lib = dir.resolve("lib.jsh");
        Files.writeString(lib, "int twice(int x) { return 2 * x; }\nSystem.out.println(\"lib loaded\")\n");
        assertEquals(0, run("/open " + lib + "\nSystem.out.println(twice(21))\n"), err());
        assertEquals(List.of("lib loaded", "42"), out().lines().toList());

        Path bad = dir.resolve("bad.jsh");
        Files.writeString(bad, "// line 1\nint y = \"text\";\n");
        assertEquals(1, run("/open " + bad + "\nSystem.out.println(\"not reached\")\n"));
        assertTrue(err().contains("bad.jsh:2: error: does not compile"), err());
        assertFalse(out().contains("not reached"));
    }

    @Test
    void openPrinting_definesPrintln_asJshellDoes() throws IOException {
        assertEquals(0, run("/open PRINTING\nprintln(\"via PRINTING\")\nprintf(\"%d%n\", 7)\n"), err());
        assertEquals(List.of("via PRINTING", "7"), out().lines().toList());
    }

    @Test
    void openJavase_importsTheJavaSePackages() throws IOException {
        assertEquals(0, run("/open JAVASE\nSystem.out.println(LocalDate.of(2026, 2, 1))\n"), err());
        assertEquals("2026-02-01", out().strip());
    }

    @Test
    void openOfAMissingFile_exits1_namingIt() throws IOException {
        assertEquals(1, run("/open " + dir.resolve("nope.jsh") + "\n"));
        assertTrue(err().contains("script.jsh:1: error: /open") && err().contains("nope.jsh"), err());
    }

    /** Any other /command is refused, naming it, and nothing after it runs (jshell's own runner would carry it out or skip it). */
    @Test
    void otherCommands_areRefused_namingThem_neverSkipped() throws IOException {
        for (String cmd : List.of("/vars", "/env --class-path x.jar", "/reset", "/imports")) {
            out.reset();
            err.reset();
            assertEquals(1, run("System.out.println(\"before\")\n" + cmd + "\nSystem.out.println(\"after\")\n"), cmd);
            String name = cmd.split(" ")[0];
            assertTrue(err().contains("script.jsh:2: error: " + name + " is a jshell command"), err());
            assertEquals("before", out().strip(), cmd);
        }
    }

    /** A '/' starting a line is a command only where a snippet could start (as in jshell); comments never are. */
    @Test
    void commentsAndADivisionInsideASnippet_areNotCommands() throws IOException {
        assertEquals(0, run("// a comment\n/* a block\n   comment */\nint a = (8\n    / 2)\nSystem.out.println(a)\n"), err());
        assertEquals("4", out().strip());
    }

    @Test
    void lineStartingWithADot_fails_explainingWhy() throws IOException {
        assertEquals(1, run("var s = \"abc\"\n    .length();\n"));
        assertTrue(err().contains("script.jsh:2: error: does not compile") && err().contains("starting with '.'"), err());
    }

    @Test
    void missingScript_exits2_sayingWhatToGive() {
        int status = new ScriptRunner(new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(), dir.resolve("nope.jsh").toString());
        assertEquals(2, status);
        assertTrue(err().contains("cannot read script") && err().contains(".jsh"), err());
    }
}

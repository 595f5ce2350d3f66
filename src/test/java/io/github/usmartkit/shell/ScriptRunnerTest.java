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

    @Test
    void missingScript_exits2_sayingWhatToGive() {
        int status = new ScriptRunner(new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(), dir.resolve("nope.jsh").toString());
        assertEquals(2, status);
        assertTrue(err().contains("cannot read script") && err().contains(".jsh"), err());
    }
}

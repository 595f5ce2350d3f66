package io.github.usmartkit.notebook;

import static io.github.usmartkit.notebook.KitProcesses.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first session, taken from README.md as it stands and typed into {@code usmart shell}
 * (a fresh HOME: no credentials, so the sandbox), in the repository's folder as the README says.
 * Every line must answer without an error, cut value or line over 120 columns; a new user who
 * types it must end with revision 2 published and verified. So the README cannot drift from the kit.
 */
@Tag("slow")
class ReadmeSessionIT {
    private static final String PROMPT = "jshell> ";

    @TempDir
    Path work;

    /** The lines of the ```jshell block under "## A first session", without their prompt. */
    static List<String> firstSession() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        int heading = readme.indexOf("## A first session");
        assertTrue(heading >= 0, "README.md has a '## A first session' section");
        int open = -1;
        for (int i = heading + 1; i < readme.size() && !readme.get(i).startsWith("## "); i++) {
            if (readme.get(i).equals("```jshell")) {
                open = i;
                break;
            }
        }
        assertTrue(open > 0, "the first session is a ```jshell block");
        List<String> typed = new ArrayList<>();
        for (int i = open + 1; !readme.get(i).equals("```"); i++) {
            String line = readme.get(i);
            if (line.startsWith(PROMPT)) {
                typed.add(line.substring(PROMPT.length()));
            } else if (line.startsWith("   ...> ")) {
                typed.set(typed.size() - 1, typed.get(typed.size() - 1) + "\n" + line.substring("   ...> ".length()));
            }
        }
        return typed;
    }

    @Test
    void readmeFirstSession_runsAsWritten_andPublishesRevision2() throws IOException {
        List<String> session = firstSession();
        assertTrue(session.size() >= 4 && session.stream().anyMatch(l -> l.contains(".publish(")),
                "the first session publishes something: " + session);
        // after the README's lines: the file's revision as the service holds it, and a kit error at the prompt
        List<String> typed = new ArrayList<>(session);
        typed.add("dataset(\"114f8ea9-b5fa-45dd-af46-f9313dd31762\").files().getString(0, \"revision\")");
        typed.add("dataset(\"00000000-0000-4000-8000-000000000000\").view()");
        Map<String, String> env = KitProcesses.kitEnv(work.resolve("home"));
        KitProcesses.Result r = KitProcesses.run(KitProcesses.usmart("shell"), env, ROOT, Duration.ofMinutes(3),
                String.join("\n", typed) + "\n/exit\n");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("usmart-kit connected to the local SANDBOX"), r.out());

        // each answer follows a prompt (stdin is not echoed)
        // JShell writes " \b" (a space, then a backspace over it) before its feedback
        String[] parts = r.out().replace(" \b", "").split("\n?" + PROMPT, -1);
        List<String> answers = Arrays.asList(parts).subList(parts.length - typed.size() - 1, parts.length - 1);
        for (int i = 0; i < session.size(); i++) {
            String answer = answers.get(i);
            String line = session.get(i);
            assertFalse(answer.contains("Exception") || answer.contains("|  Error:") || answer.contains("\tat "),
                    "README line fails: " + line + "\n" + answer);
            assertFalse(answer.contains(" ... "), "cut short: " + line + "\n" + answer);
            answer.lines().forEach(l -> assertTrue(l.length() <= 120, line + ": " + l.length() + " columns: " + l));
        }
        String published = answers.get(indexOf(session, ".publish("));
        assertTrue(published.contains("revision 2"), "publish reports the new revision: " + published);
        assertTrue(answers.get(session.size()).contains("\"2\""), "the service holds revision 2: " + answers.get(session.size()));

        String error = answers.get(session.size() + 1);
        assertTrue(error.contains("catalog()"), "an unknown dataset's advice names catalog(): " + error);
        assertTrue(error.contains("|  Exception NotFoundException: dataset:view on 00000000-0000-4000-8000-000000000000"),
                "the kit's exception by its simple name, then its message: " + error);
        assertTrue(error.strip().lines().allMatch(l -> l.startsWith("|  ")), "every line of it in JShell's |  margin: " + error);
        assertTrue(error.strip().lines().count() > 1, "a long message is wrapped, not one line: " + error);
        assertFalse(error.contains("\tat ") || error.contains("at io.github"), "no stack frames at the prompt: " + error);
        error.lines().forEach(l -> assertTrue(l.length() <= 120, "error line " + l.length() + " columns: " + l));
        assertFalse(r.err().contains("Exception in thread"), r.err());
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + part + " in " + lines);
    }
}

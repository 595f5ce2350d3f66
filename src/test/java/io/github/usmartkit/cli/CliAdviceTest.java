package io.github.usmartkit.cli;

import io.github.usmartkit.error.Failure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps {@link CliAdvice} complete: every Java call written in the core's strings (the advice of
 * its failures, the captions the command line prints) is said in the command line's terms, or is
 * declared here as unreachable from the command line, with why. A new Java-API hint makes this
 * fail until it has a CLI rendering or a reason; a rule or a declaration that no longer matches
 * anything fails too, so neither list rots.
 */
class CliAdviceTest {

    static final Path MAIN = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/main/java/io/github/usmartkit");

    /** Packages whose strings the command line never prints as advice: its own (checked by the CLI tests), JShell's, notebooks', the sandbox's. */
    static final Set<String> NOT_SCANNED = Set.of("sandbox", "cli", "display", "shell");

    /**
     * Files whose strings name the Java API only where a command-line user cannot meet them, with
     * why: checks of Java arguments the command line never passes (it parses and checks its own
     * first), and text only JShell or notebooks show.
     */
    static final Map<String, String> JAVA_ONLY_FILES = Map.of(
            "USmart.java", "checks of USmart.builder() and of Java arguments (call(..), dataset(row), paths); the command line builds"
                    + " the session from checked settings and passes its own arguments",
            "Kit.java", "Kit.use(..) and the banner of JShell and notebooks",
            "config/ApiKey.java", "new ApiKey(..) in Java; the command line reads the keys as settings",
            "config/RetryPolicy.java", "a RetryPolicy made in Java; the command line uses the standard one",
            "bulk/BulkOptions.java", "BulkOptions made in Java; `usmart bulk` checks --concurrency and --wait itself",
            "error/ErrorBox.java", "the error box of notebooks",
            "read/Urql.java", "the Java query builder; `usmart rows --query` makes only equality filters of non-empty values",
            "read/Group.java", "the Java query builder's groups; `usmart rows` does not aggregate",
            "internal/read/UrqlQuery.java", "the Java query builder: `usmart rows` sets only a limit and equality filters of"
                    + " non-empty values (its limit advice has a rule)");

    /** Single Java calls, {@code File.java: call}, that a command-line user cannot meet, with why. */
    static final Map<String, String> JAVA_ONLY = Map.of(
            "Dataset.java: Path.of(\"air.csv\")", "a null path, which the command line never passes",
            "Dataset.java: ProgressListener.none()", "a null progress listener, which the command line never passes",
            "Dataset.java: dataset(\"X\")", "register(pending) on another dataset: only a Java caller holds a pending registration",
            "Dataset.java: e.pending()", "register(null): only a Java caller registers a pending registration",
            "internal/read/Answers.java: table()", "json() of an answer too big to read whole; `usmart rows --json` reads rows as a stream",
            "model/RefreshResults.java: dataset.awaitProcessed(timeout)", "an IllegalStateException of RefreshResults made in Java",
            "upload/RegistrationFailedException.java: dataset(guid).register(e.pending())",
            "retryRegister() of a RegistrationFailedException made in Java");

    /** A string of the core, joined across {@code +} (an expression between two parts is written X). */
    record Text(String file, String value) {
    }

    @Test
    void everyJavaCallTheCoreWrites_hasACliRendering_orIsDeclaredUnreachable() {
        List<Text> texts = coreStrings();
        assertTrue(texts.size() > 500, "the scan found the core's strings: " + texts.size());
        Map<String, String> undeclared = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        Set<String> seenFiles = new TreeSet<>();
        for (Text t : texts) {
            if (!t.value().contains(" ")) {
                continue; // a URQL term, a pattern, a name: advice is words
            }
            Matcher m = CliAdvice.JAVA_CALL.matcher(CliAdvice.rewrite(t.value()));
            while (m.find()) {
                String key = t.file() + ": " + m.group();
                seen.add(key);
                seenFiles.add(t.file());
                if (!JAVA_ONLY.containsKey(key) && !JAVA_ONLY_FILES.containsKey(t.file())) {
                    undeclared.put(key, t.value());
                }
            }
        }
        assertTrue(undeclared.isEmpty(), "Java calls the command line would print as they are: give each a rule in CliAdvice, or"
                + " declare it in JAVA_ONLY with why a command-line user cannot meet it:\n"
                + String.join("\n", undeclared.entrySet().stream().map(e -> e.getKey() + "   in: " + e.getValue()).toList()));
        List<String> stale = Stream.concat(JAVA_ONLY.keySet().stream().filter(k -> !seen.contains(k)),
                JAVA_ONLY_FILES.keySet().stream().filter(f -> !seenFiles.contains(f))).toList();
        assertTrue(stale.isEmpty(), "JAVA_ONLY declares calls the core no longer writes: " + stale);
    }

    @Test
    void everyRule_stillMatchesSomethingTheCoreWrites() {
        List<Text> texts = coreStrings();
        List<String> dead = new ArrayList<>();
        for (CliAdvice.Rule r : CliAdvice.RULES) {
            if (texts.stream().noneMatch(t -> r.java().matcher(t.value()).find())) {
                dead.add(r.java().pattern());
            }
        }
        assertTrue(dead.isEmpty(), "rules that match nothing the core writes any more (its wording changed?): " + dead);
    }

    @Test
    void theCommandsOwnDataset_isFilledIn_onlyWhenWhole() {
        String guid = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
        String java = "Run refreshAll() to publish it; pipelines() lists them";
        assertEquals("Run `usmart refresh " + guid + "` to publish it; `usmart status " + guid + "` lists them",
                CliAdvice.forDataset(guid, () -> CliAdvice.advice(java)));
        assertEquals("Run `usmart refresh DATASET` to publish it; `usmart status DATASET` lists them",
                CliAdvice.forDataset("114f8ea9…", () -> CliAdvice.advice(java)), "a shortened GUID is what failed: not repeated");
        assertEquals("Run `usmart refresh DATASET` to publish it; `usmart status DATASET` lists them", CliAdvice.advice(java),
                "outside a command: the placeholder");
        assertEquals("`usmart rows RC --limit N`, or filters with --query",
                CliAdvice.forDataset(guid, () -> CliAdvice.advice("read(rc).limit(n).offset(m), or a filter with where(..)")),
                "only DATASET is filled in");
    }

    @Test
    void advice_isSaidAsCommands_andAJavaCallNoRuleKnows_isMarkedForTheShell() {
        assertEquals("Check the dataset GUID: `usmart catalog` lists the organisation's datasets",
                CliAdvice.advice("Check the dataset GUID: catalog() lists the organisation's datasets"));
        assertEquals("Check with `usmart status DATASET` before running `usmart add` with --pipeline again: it would make a second pipeline",
                CliAdvice.advice("Check with pipelines() before calling createPipeline again: it would make a second pipeline"));
        String unknown = CliAdvice.advice("Call frobnicate(x) first");
        assertTrue(unknown.startsWith("Call frobnicate(x) first.") && unknown.contains("`usmart shell`"), unknown);
        // plurals and http(s) are not calls
        assertEquals("3 pipeline(s) failed; give an http(s) URL", CliAdvice.advice("3 pipeline(s) failed; give an http(s) URL"));
        Failure f = CliAdvice.failure(Failure.of("dataset:view", "x", "not found", "Check the dataset GUID: catalog() lists them"));
        assertEquals("dataset:view on x failed: not found. Check the dataset GUID: `usmart catalog` lists them", f.message());
    }

    /** Every string literal of the core (text blocks and comments skipped), joined where the code concatenates them. */
    static List<Text> coreStrings() {
        List<Text> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted(Comparator.naturalOrder()).toList()) {
                String rel = MAIN.relativize(p).toString().replace('\\', '/');
                if (rel.contains("/") && NOT_SCANNED.contains(rel.substring(0, rel.indexOf('/')))) {
                    continue;
                }
                for (String s : strings(Files.readString(p))) {
                    out.add(new Text(rel, s));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The literals of one source file; consecutive ones joined across {@code +} (and X for one expression between). */
    static List<String> strings(String src) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        int gapStart = -1;
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '/') {
                i = src.indexOf('\n', i);
                i = i < 0 ? src.length() : i;
            } else if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '*') {
                i = src.indexOf("*/", i + 2) + 2;
            } else if (c == '\'') {
                i = src.charAt(i + 1) == '\\' ? src.indexOf('\'', i + 3) + 1 : i + 3;
            } else if (src.startsWith("\"\"\"", i)) {
                i = src.indexOf("\"\"\"", i + 3) + 3;
                current = flush(out, current);
            } else if (c == '"') {
                StringBuilder lit = new StringBuilder();
                int j = i + 1;
                while (src.charAt(j) != '"') {
                    if (src.charAt(j) == '\\') {
                        char e = src.charAt(j + 1);
                        lit.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                        j += 2;
                    } else {
                        lit.append(src.charAt(j++));
                    }
                }
                String gap = gapStart < 0 ? null : src.substring(gapStart, i);
                if (current != null && gap != null && gap.matches("\\s*\\+\\s*")) {
                    current.append(lit);
                } else if (current != null && gap != null && gap.matches("(?s)\\s*\\+[^\";{}]*\\+\\s*")) {
                    current.append('X').append(lit);
                } else {
                    current = flush(out, current);
                    current = lit;
                }
                i = j + 1;
                gapStart = i;
            } else {
                i++;
            }
        }
        flush(out, current);
        return out;
    }

    private static StringBuilder flush(List<String> out, StringBuilder current) {
        if (current != null) {
            out.add(current.toString());
        }
        return null;
    }

    @Test
    void theScan_joinsConcatenations_andSkipsCommentsAndTextBlocks() {
        List<String> s = strings("""
                // "catalog()" in a comment
                String a = "Check with " + "files()" + x + ";";
                String b = "call refresh(\\"" + rc + "\\")";
                String c = \"""
                    help()
                    \""";
                char q = '"';
                """);
        assertEquals(List.of("Check with files()X;", "call refresh(\"X\")"), s);
        assertFalse(s.stream().anyMatch(t -> t.contains("help()")));
    }
}

package io.github.usmartkit.shell;

import io.github.usmartkit.error.ErrorBox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Runs a JShell script non-interactively, as {@code bin/usmart shell SCRIPT.jsh} does: the JDK's
 * default imports and the startup files first, then the script snippet by snippet. Stops at the
 * first snippet that fails to compile or throws, and exits 1; exits 0 when all ran. Like a
 * program, a script prints only what it prints (values of bare expressions are not echoed). (The
 * {@code jshell} tool itself exits 0 after failed snippets, so a scheduled example could fail
 * silently.)
 *
 * <p>usage: {@code ScriptRunner [--startup FILE]... SCRIPT.jsh} (use {@code -} for standard input)
 */
public final class ScriptRunner {

    /** What {@code jshell --startup DEFAULT} imports. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*", "java.util.regex.*",
            "java.util.stream.*");

    /** A jshell command such as {@code /exit} (not a {@code //} comment). */
    private static final java.util.regex.Pattern COMMAND = java.util.regex.Pattern.compile("/[a-z!?]");

    private final PrintStream out;
    private final PrintStream err;

    ScriptRunner(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the script; the process exit status is the result. */
    public static void main(String[] args) {
        List<Path> startups = new ArrayList<>();
        String script = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--startup") && i + 1 < args.length) {
                startups.add(Path.of(args[++i]));
            } else if (script == null) {
                script = args[i];
            } else {
                System.err.println("usmart shell: one script at a time; unexpected '" + args[i] + "'");
                System.exit(2);
            }
        }
        if (script == null) {
            System.err.println("usage: ScriptRunner [--startup FILE]... SCRIPT.jsh");
            System.exit(2);
        }
        int status = new ScriptRunner(System.out, System.err).run(startups, script);
        System.out.flush();
        // Exit explicitly: a script may leave non-daemon threads (e.g. an embedded sandbox) running.
        System.exit(status);
    }

    /** Runs startup files then the script; returns 0 if every snippet ran, 1 otherwise, 2 on a bad argument. */
    int run(List<Path> startups, String script) {
        // Local execution: snippets print to this JVM's System.out/err, so point those at ours.
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(out);
        System.setErr(err);
        try {
            return runScript(startups, script);
        } finally {
            System.out.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private int runScript(List<Path> startups, String script) {
        String source;
        try {
            source = script.equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(script));
        } catch (IOException e) {
            err.println("usmart shell: cannot read script '" + script + "': " + e.getMessage()
                    + ". Give the path of a .jsh file.");
            return 2;
        }
        // "local": snippets run in this JVM (about 2 s to start rather than 10 s), on its class path.
        try (JShell shell = JShell.builder().executionEngine("local").out(out).err(err)
                .compilerOptions("--class-path", System.getProperty("java.class.path")).build()) {
            for (String imp : DEFAULT_IMPORTS) {
                shell.eval("import " + imp + ";");
            }
            for (Path startup : startups) {
                String text;
                try {
                    text = Files.readString(startup);
                } catch (IOException e) {
                    err.println("usmart shell: cannot read startup file " + startup + ": " + e.getMessage());
                    return 2;
                }
                if (!runSource(shell, text, startup.getFileName().toString())) {
                    return 1;
                }
            }
            String name = script.equals("-") ? "<stdin>" : Path.of(script).getFileName().toString();
            return runSource(shell, source, name) ? 0 : 1;
        }
    }

    /** Evaluates every complete snippet of {@code source}; false at the first failure. */
    private boolean runSource(JShell shell, String source, String name) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = source;
        int consumed = 0;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String snippet = info.source();
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break; // only comments or blanks left
            }
            if (!info.completeness().isComplete() || snippet == null) {
                err.println(name + ":" + lineOf(source, consumed + leadingBlank(remaining))
                        + ": error: the script ends inside an unfinished snippet: " + firstLine(remaining));
                return false;
            }
            int at = remaining.indexOf(snippet.strip().lines().findFirst().orElse(""));
            int line = lineOf(source, consumed + (at < 0 ? leadingBlank(remaining) : at));
            consumed += remaining.length() - info.remaining().length();
            remaining = info.remaining();
            if (COMMAND.matcher(snippet.strip()).lookingAt()) {
                // jshell commands (/exit, /imports …) mean nothing here; /exit ends the script early.
                if (snippet.strip().startsWith("/exit")) {
                    return true;
                }
                continue;
            }
            if (!eval(shell, snippet, name, line)) {
                return false;
            }
        }
        return true;
    }

    private boolean eval(JShell shell, String snippet, String name, int line) {
        List<SnippetEvent> events = shell.eval(snippet);
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // an update of a dependent snippet, not this one
            }
            if (e.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = shell.diagnostics(e.snippet()).toList();
                err.println(name + ":" + line + ": error: does not compile: " + firstLine(snippet));
                for (Diag d : diags) {
                    err.println("    " + d.getMessage(Locale.ROOT).replace("\n", "\n    "));
                }
                return false;
            }
            if (e.exception() != null) {
                err.println(name + ":" + line + ": error: " + firstLine(snippet));
                err.print(describe(e.exception()).indent(4));
                return false;
            }
        }
        return true;
    }

    /** A short account of an exception thrown by a snippet, without the stack trace. */
    static String describe(Exception e) {
        if (e instanceof UnresolvedReferenceException u) {
            return "uses something not defined: " + u.getSnippet().source().strip();
        }
        if (e instanceof EvalException ee) {
            String cls = ee.getExceptionClassName();
            String simple = cls.substring(cls.lastIndexOf('.') + 1);
            return simple + ": " + ErrorBox.of(cls, ee.getMessage()).whatWentWrong();
        }
        return ErrorBox.of(e).toText();
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int lineOf(String source, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String firstLine(String snippet) {
        String s = snippet.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }
}

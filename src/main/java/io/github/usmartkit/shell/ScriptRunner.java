package io.github.usmartkit.shell;

import io.github.usmartkit.error.ErrorBox;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Runs a JShell script non-interactively, as {@code usmart shell SCRIPT.jsh} does, reading it as
 * {@code jshell} does: line by line, a snippet ending where it is complete (a statement needs no
 * final {@code ;} at the end of a line or of the file), {@code /exit [N]} ending the script with
 * status N, {@code /open FILE} running another file (or DEFAULT, PRINTING, JAVASE). Unlike
 * {@code jshell}, it fails loudly: it stops at the first snippet that does not compile or throws,
 * with {@code script.jsh:LINE: error: …} on standard error and status 1 (the {@code jshell} tool
 * goes on and exits 0, so a scheduled job could fail silently), and it refuses every other
 * {@code /command}, naming it, rather than skip it. Like a program, a script prints only what it
 * prints (values of bare expressions are not echoed).
 */
public final class ScriptRunner {

    /** What {@code jshell --startup DEFAULT} imports. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*", "java.util.regex.*",
            "java.util.stream.*");

    /** The status of a script that failed: a snippet did not compile or threw, or a command was refused. */
    public static final int FAILED = 1;
    /** The status when the script (or a startup file) cannot be read. */
    public static final int UNREADABLE = 2;

    /** How deep {@code /open} may nest (a file opening itself would never end). */
    private static final int MAX_OPEN_DEPTH = 16;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    /** A runner whose snippets print to {@code out} and {@code err}; a script named {@code -} is read from {@code in}. */
    public ScriptRunner(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    ScriptRunner(PrintStream out, PrintStream err) {
        this(out, err, System.in);
    }

    /** Runs startup files then the script; returns its status (see {@link #run(List, String, Runnable)}). */
    int run(List<Path> startups, String script) {
        return run(startups, script, () -> { });
    }

    /**
     * Runs the JDK's default imports and the startup files, then {@code ready}, then the script.
     *
     * @param script the script's path, or {@code -} for standard input
     * @param ready  run once the startup files have run, before the script's first snippet (e.g. to wait
     *               for a session being opened meanwhile); a {@link RuntimeException} from it ends the run with 1
     * @return 0 if every snippet ran; N after {@code /exit N}; 1 at the first failure; 2 if a file cannot be read
     */
    public int run(List<Path> startups, String script, Runnable ready) {
        // Local execution: snippets print to this JVM's System.out/err, so point those at ours.
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(out);
        System.setErr(err);
        try {
            return runScript(startups, script, ready);
        } finally {
            System.out.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private int runScript(List<Path> startups, String script, Runnable ready) {
        String source;
        try {
            source = script.equals("-") ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(script));
        } catch (IOException | InvalidPathException e) {
            err.println("usmart shell: cannot read script '" + script + "': " + e.getMessage() + ". Give the path of a .jsh file.");
            return UNREADABLE;
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
                    return UNREADABLE;
                }
                Optional<Integer> ended = runSource(shell, text, startup.getFileName().toString(), 0);
                if (ended.isPresent()) {
                    return ended.get();
                }
            }
            try {
                ready.run();
            } catch (RuntimeException e) {
                err.println("usmart shell: " + e.getMessage());
                return FAILED;
            }
            String name = script.equals("-") ? "<stdin>" : Path.of(script).getFileName().toString();
            return runSource(shell, source, name, 0).orElse(0);
        }
    }

    /**
     * Runs {@code source} as {@code jshell} reads it: line by line, each snippet evaluated as soon as
     * it is complete. Empty when it ran to its end; else the status it ended with.
     */
    private Optional<Integer> runSource(JShell shell, String source, String name, int depth) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String[] lines = source.split("\n", -1);
        String pending = "";
        int first = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int lineNo = i + 1;
            if (pending.isBlank()) {
                String t = line.strip();
                if (t.startsWith("/") && !t.startsWith("//") && !t.startsWith("/*")) {
                    Optional<Integer> ended = command(shell, t, name, lineNo, depth);
                    if (ended.isPresent()) {
                        return ended;
                    }
                    pending = "";
                    continue;
                }
                if (!t.isEmpty() && pending.isBlank()) {
                    first = lineNo;
                }
            }
            pending += line + "\n";
            while (!pending.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending);
                SourceCodeAnalysis.Completeness c = info.completeness();
                if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                    pending = "";
                    break;
                }
                if (c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE || c == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
                    break; // read the next line
                }
                String snippet = info.source() != null ? info.source() : pending;
                if (!eval(shell, snippet, name, first)) {
                    return Optional.of(FAILED);
                }
                pending = c == SourceCodeAnalysis.Completeness.UNKNOWN || info.remaining() == null ? "" : info.remaining();
                first = lineNo; // what is left on this line starts here
            }
        }
        if (!pending.isBlank()) {
            err.println(name + ":" + first + ": error: the script ends inside an unfinished snippet: " + firstLine(pending));
            return Optional.of(FAILED);
        }
        return Optional.empty();
    }

    /** A {@code /command}: {@code /exit [N]} and {@code /open FILE} are carried out; any other is refused. */
    private Optional<Integer> command(JShell shell, String text, String name, int line, int depth) {
        String[] parts = text.split("\\s+", 2);
        String cmd = parts[0];
        String arg = parts.length > 1 ? parts[1].strip() : "";
        if ("/exit".startsWith(cmd) && cmd.length() >= 3) {
            return Optional.of(arg.isEmpty() ? 0 : exitStatus(shell, arg, name, line));
        }
        if ("/open".startsWith(cmd) && cmd.length() >= 3) {
            return open(shell, arg, name, line, depth);
        }
        err.println(name + ":" + line + ": error: " + cmd + " is a jshell command that `usmart shell SCRIPT` does not carry out: a "
                + "script runs snippets, /open FILE and /exit [N] only. Remove that line (it was not skipped: nothing after it ran)");
        return Optional.of(FAILED);
    }

    /** The status {@code /exit EXPR} asks for: an integer, or an int expression jshell would evaluate. */
    private int exitStatus(JShell shell, String arg, String name, int line) {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            // an expression, as jshell allows: /exit failures.size()
        }
        for (SnippetEvent e : shell.eval("(int) (" + arg + ")")) {
            if (e.causeSnippet() == null && e.status() == Snippet.Status.VALID && e.exception() == null && e.value() != null) {
                try {
                    return Integer.parseInt(e.value());
                } catch (NumberFormatException x) {
                    break;
                }
            }
        }
        err.println(name + ":" + line + ": error: /exit " + arg + ": not an int status");
        return FAILED;
    }

    private Optional<Integer> open(JShell shell, String arg, String name, int line, int depth) {
        String file = arg.length() > 1 && (arg.startsWith("\"") && arg.endsWith("\"") || arg.startsWith("'") && arg.endsWith("'"))
                ? arg.substring(1, arg.length() - 1) : arg;
        if (file.isEmpty()) {
            err.println(name + ":" + line + ": error: /open needs a file");
            return Optional.of(FAILED);
        }
        if (depth >= MAX_OPEN_DEPTH) {
            err.println(name + ":" + line + ": error: /open " + file + ": files open each other more than " + MAX_OPEN_DEPTH + " deep");
            return Optional.of(FAILED);
        }
        String text;
        String shown;
        switch (file) {
            case "DEFAULT" -> {
                text = String.join("\n", DEFAULT_IMPORTS.stream().map(i -> "import " + i + ";").toList());
                shown = "DEFAULT";
            }
            case "PRINTING" -> {
                text = printing();
                shown = "PRINTING";
            }
            case "JAVASE" -> {
                text = javaSeImports();
                shown = "JAVASE";
            }
            default -> {
                try {
                    Path p = Path.of(file); // relative to the working directory, as jshell resolves it
                    text = Files.readString(p);
                    shown = p.getFileName().toString();
                } catch (IOException | InvalidPathException e) {
                    err.println(name + ":" + line + ": error: /open " + file + ": cannot read it (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
                    return Optional.of(FAILED);
                }
            }
        }
        return runSource(shell, text, shown, depth + 1);
    }

    /** jshell's PRINTING start-up: print, println and printf as methods. */
    private static String printing() {
        StringBuilder sb = new StringBuilder();
        for (String t : List.of("boolean", "char", "int", "long", "float", "double", "char[]", "String", "Object")) {
            sb.append("void print(").append(t).append(" x) { System.out.print(x); }\n");
            sb.append("void println(").append(t).append(" x) { System.out.println(x); }\n");
        }
        sb.append("void println() { System.out.println(); }\n");
        sb.append("void printf(java.util.Locale l, String format, Object... args) { System.out.printf(l, format, args); }\n");
        sb.append("void printf(String format, Object... args) { System.out.printf(format, args); }\n");
        return sb.toString();
    }

    /** jshell's JAVASE start-up: every package the java.se modules export. */
    private static String javaSeImports() {
        Set<String> modules = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of("java.se", "java.base")); // java.base is required by every module, not transitively
        while (!todo.isEmpty()) {
            String m = todo.remove(0);
            if (modules.add(m)) {
                ModuleLayer.boot().findModule(m).ifPresent(mod -> mod.getDescriptor().requires().stream()
                        .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                        .forEach(r -> todo.add(r.name())));
            }
        }
        Set<String> packages = new TreeSet<>();
        for (String m : modules) {
            ModuleLayer.boot().findModule(m).ifPresent(mod -> mod.getDescriptor().exports().stream()
                    .filter(e -> !e.isQualified()).forEach(e -> packages.add(e.source())));
        }
        StringBuilder sb = new StringBuilder();
        packages.forEach(p -> sb.append("import ").append(p).append(".*;\n"));
        return sb.toString();
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
                if (snippet.strip().startsWith(".")) {
                    err.println("    (a line starting with '.' does not continue the line before it: jshell ran that one as a"
                            + " complete statement already. End the line before with the '.' instead)");
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

    private static String firstLine(String snippet) {
        String s = snippet.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }
}

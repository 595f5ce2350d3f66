package io.github.usmartkit.cli;

import io.github.usmartkit.Kit;
import io.github.usmartkit.USmart;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.internal.config.SettingsResolver;
import io.github.usmartkit.shell.ScriptRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code usmart shell [SCRIPT]}: JShell with the kit. With a script, runs it ({@link ScriptRunner})
 * against uSmart, or the sandbox only when asked ({@code --sandbox}, {@code USMART_SANDBOX=1});
 * without credentials it exits 2. Without a script, the interactive shell: its banner says where it
 * is connected, and with no credentials at all it starts the local sandbox (a person is watching).
 */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"JShell with the kit; with SCRIPT, run it and fail loudly.",
                "%nThe kit's imports, help(), tables shown in the kit's style. SCRIPT is read as jshell reads it and stops at the first snippet that does not compile or throws (exit 1), or at /exit N (exit N); other /commands are refused. A script uses the sandbox only with --sandbox or USMART_SANDBOX=1; the interactive shell also when no credentials exist at all (its banner says SANDBOX)."},
        exitCodeListHeading = "%nExit codes (with SCRIPT):%n",
        exitCodeList = {"0:every snippet ran", "1:a snippet did not compile or threw, or a /command was refused",
                "2:usage or configuration: no such script, no credentials", "N:the script's /exit N"})
final class ShellCommand implements Callable<Integer> {

    /** The shell's snippets run in this agent (JShell's own if it cannot start): tables and kit values in the kit's style. */
    static final String AGENT = "io.github.usmartkit.display.jshell.KitAgent";

    @ParentCommand
    Main main;

    @Mixin
    ConnectOptions connect;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT", description = "A .jsh file to run (- for standard input).")
    String script;

    @Override
    public Integer call() throws Exception {
        Context ctx = main.context();
        Path startup = ctx.kitRoot().resolve("jshell-startup");
        return script != null ? script(ctx, startup) : interactive(ctx, startup);
    }

    private int script(Context ctx, Path startup) {
        if (!script.equals("-") && !Files.isRegularFile(Path.of(script))) {
            ctx.err().println("usmart shell: no script at '" + script + "'. Give the path of a .jsh file (examples: notebooks/*.jsh).");
            return ExitCodes.USAGE;
        }
        CompletableFuture<Void> session;
        if (connect.sandboxUrl == null && Connection.sandboxAsked(connect, ctx) != null) {
            // The sandbox starts while JShell compiles the start-up imports; the script waits for it.
            session = CompletableFuture.runAsync(() -> Connection.open(connect, ctx));
        } else {
            try {
                Connection.open(connect, ctx);
            } catch (ConfigurationException e) {
                return Reports.failure(ctx, "shell", false, e, null);
            }
            session = CompletableFuture.completedFuture(null);
        }
        // Like a program, the script's output goes to this process's standard output.
        ScriptRunner runner = new ScriptRunner(ctx.out(), ctx.err(), ctx.in());
        return runner.run(List.of(startup.resolve("usmart.jsh")), script, () -> {
            try {
                session.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        });
    }

    private int interactive(Context ctx, Path startup) throws Exception {
        Path home = SettingsResolver.userHome(ctx.env());
        boolean sandbox = connect.sandboxUrl == null && Connection.sandboxAsked(connect, ctx) != null;
        if (connect.sandboxUrl != null) {
            try {
                Connection.open(connect, ctx).close(); // its keys must be in the environment: said now, not in JShell's start-up
            } catch (ConfigurationException e) {
                return Reports.failure(ctx, "shell", false, e, null);
            }
        } else if (!sandbox) {
            if (!SettingsResolver.configured(ctx.env(), home)) {
                sandbox = true; // a person is watching, and the banner says SANDBOX
            } else {
                try {
                    // The shell's JVM reads them again; a broken file or a missing setting is said now, in one paragraph.
                    USmart.builder().environment(ctx.env()).home(home).profile(connect.profile).connect().close();
                } catch (ConfigurationException e) {
                    return Reports.failure(ctx, "shell", false, e, null);
                }
            }
        }
        ShellPrefs prefs = ShellPrefs.load(home);
        prefs.ensureMode();
        List<String> args = new ArrayList<>(List.of("--class-path", Context.classpath(), "--execution",
                "failover:0(jdi:remoteAgent(" + AGENT + "),hostname(localhost)),1(jdi:remoteAgent(" + AGENT + "),launch(true)),2(jdi)",
                "-R-Djava.awt.headless=true", "-R-Dslf4j.internal.verbosity=ERROR",
                // That JVM's streams are pipes to this one: it is told whether a person watches, for the progress line.
                "-R-D" + Terminals.PROPERTY + "=" + Terminals.stderrIsTerminal()));
        String how = AgentConnect.value(connect, sandbox);
        if (how != null) {
            args.add("-R-D" + AgentConnect.PROPERTY + "=" + how);
        }
        Path kitJar = kitJar();
        if (how != null && kitJar != null) {
            // AgentConnect.premain: connecting starts with that JVM, not a second later with connect.jsh.
            // An agent costs that JVM about 50 ms of CPU (it builds its module graph rather than map
            // the archive's); connecting meanwhile saves more than that on the way to the first prompt.
            args.add("-R-javaagent:" + kitJar);
        }
        Path agentArchive = ctx.kitRoot().resolve(AGENT_ARCHIVE);
        if (usable(agentArchive)) {
            // the classes the snippets' JVM loads at start, mapped rather than loaded (AgentTraining made it);
            // -Xlog keeps the JVM's CDS warnings (an archive of another class path is not used) off the terminal
            args.addAll(List.of("-R-XX:SharedArchiveFile=" + agentArchive, "-R-Xlog:disable", "-R-Xlog:all=error:stderr"));
        }
        String opts = ctx.env().get("USMART_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            for (String o : opts.strip().split("\\s+")) {
                args.add("-R" + o);
            }
        }
        // Each start-up snippet costs this JVM's compiler time before the first prompt. connect.jsh, first,
        // starts connecting in the snippets' JVM while this one compiles the imports; not needed where
        // AgentConnect.premain has (nor where there is nothing to connect).
        List<String> scripts = new ArrayList<>();
        if (how != null && kitJar == null) {
            scripts.add(startup.resolve("connect.jsh").toString());
        }
        scripts.addAll(List.of("DEFAULT", startup.resolve("usmart.jsh").toString(), startup.resolve("banner.jsh").toString()));
        for (String s : scripts) {
            args.add("--startup");
            args.add(s);
        }
        Kit.close(); // this JVM holds no session: the snippets' JVM has its own
        try {
            return jdk.jshell.tool.JavaShellToolBuilder.builder().persistence(prefs.map()).start(args.toArray(String[]::new));
        } finally {
            prefs.save();
        }
    }

    /** The snippets' JVM's class-data archive, under the kit's folder ({@code bin/usmart} makes it with {@link AgentTraining}). */
    static final String AGENT_ARCHIVE = "target/usmart-agent.jsa";

    /**
     * The kit's jar, whose manifest names {@link AgentConnect} as its {@code Premain-Class}; null
     * when the kit's classes are not in a jar (a build's {@code target/classes}), or not in one
     * that says so.
     */
    private static Path kitJar() {
        try {
            Path code = Path.of(AgentConnect.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(code)) {
                return null;
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(code.toFile())) {
                java.util.jar.Manifest m = jar.getManifest();
                String premain = m == null ? null : m.getMainAttributes().getValue("Premain-Class");
                return AgentConnect.class.getName().equals(premain) ? code : null;
            }
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** An archive made after the kit jar this JVM runs (an older one is of another build). */
    private static boolean usable(Path archive) {
        try {
            Path jar = Path.of(Context.classpathEntries().get(0));
            return Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}

package io.github.usmartkit.cli;

import io.github.usmartkit.Kit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * The kit's command line, {@code usmart COMMAND …}: one command per job (publish, bulk, refresh, …),
 * the launchers (sandbox, shell, kernel, notebook, bench), generated {@code --help}, and exit codes a
 * scheduler can trust ({@link ExitCodes}). {@code bin/usmart} builds the kit on first use and runs this.
 *
 * <p>Results go to standard output (one JSON document with {@code --json}); everything meant for a
 * person — progress, what was connected, errors — goes to standard error.
 */
@Command(name = "usmart", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Publish and refresh open data on uSmart: one command per job, exit codes a scheduler can trust.",
                "Results go to standard output (--json: one JSON document); progress and errors to standard error."},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {
                PublishCommand.class, ReplaceCommand.class, AddCommand.class, RefreshCommand.class, StatusCommand.class,
                RowsCommand.class, CatalogCommand.class, HistoryCommand.class, BulkCommand.class,
                ConfigureCommand.class, WhoamiCommand.class,
                SandboxCommand.class, ShellCommand.class, KernelCommand.class, NotebookCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_PARTIAL, ExitCodes.HELP_UNVERIFIED},
        footerHeading = "%n",
        footer = {"Connecting: USMART_* variables, else ~/.usmart/credentials (`usmart configure` writes it). The local sandbox "
                + "only with --sandbox or USMART_SANDBOX=1. `usmart COMMAND --help` describes each command."})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private Context context;

    /** Runs the command line; the exit status is the result ({@link ExitCodes}). */
    public static void main(String[] args) {
        // As bin/usmart sets them, for a `java -cp … Main` too: no AWT window system, and SLF4J (a
        // dependency's) without its three lines about having no logger.
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        // Results are written to this process's real standard output; System.out is pointed at standard
        // error while a command runs (see Context), so the kit's own prints never mix into a JSON document.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        int status = run(args, new Context(System.getenv(), out, System.err, new FileInputStream(FileDescriptor.in), true));
        System.out.flush();
        System.err.flush();
        // Exit explicitly: a sandbox, a shell or the kit's HTTP clients may leave non-daemon threads.
        System.exit(status);
    }

    /** Runs {@code args} in {@code context}; returns the exit status. For tests: nothing here calls System.exit. */
    static int run(String[] args, Context context) {
        Terminals.tellProgress(context);
        CommandLine cmd = commandLine(context);
        try {
            return cmd.execute(args);
        } finally {
            Kit.close();
        }
    }

    /** The command line with its handlers: usage errors are exit 2, every failure goes through {@link ExitCodes}. */
    static CommandLine commandLine(Context context) {
        Main main = new Main();
        main.context = context;
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(new java.io.PrintWriter(context.out(), true));
        cmd.setErr(new java.io.PrintWriter(context.err(), true));
        cmd.setParameterExceptionHandler(new Reports.UsageErrors(context));
        cmd.setExecutionExceptionHandler(new Reports.Unexpected(context));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpWidth(100);
        return cmd;
    }

    /** The process's environment, streams and the kit's checkout. */
    Context context() {
        return context;
    }

    /** {@code usmart} alone: the usage on standard error, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(context.err());
        return ExitCodes.USAGE;
    }

    /** {@code usmart --version}: the kit's version and the Java it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v;
            try {
                v = KernelInstall.kitVersion();
            } catch (IllegalStateException e) {
                v = "(version unknown: " + e.getMessage() + ")";
            }
            return new String[] {"usmart-kit " + v + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}

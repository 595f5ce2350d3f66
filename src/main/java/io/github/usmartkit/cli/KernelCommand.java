package io.github.usmartkit.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code usmart kernel install|starts}: the "Java (usmart-kit)" Jupyter kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true, description = "The \"Java (usmart-kit)\" Jupyter kernel: install it, or measure its starts.", subcommands = {KernelCommand.Install.class, KernelCommand.Starts.class})
final class KernelCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(main.context().err());
        return ExitCodes.USAGE;
    }

    /** Where the kernelspec goes. */
    static final class Where {
        @Option(names = "--user", description = "~/.local/share/jupyter/kernels/NAME (the default).")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "DIR/share/jupyter/kernels/NAME (then JUPYTER_PATH=DIR/share/jupyter).")
        Path prefix;
    }

    @Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Install the kernel (rapaio-jupyter-kernel with the kit).",
                    "%nThe kernel decides when it starts where the kit connects: a local sandbox if its environment has "
                            + "USMART_SANDBOX=1 (usmart notebook --sandbox), else the organisation of the credentials it finds then "
                            + "(~/.usmart/credentials or USMART_* variables)."})
    static final class Install implements Callable<Integer> {
        @ParentCommand
        KernelCommand kernel;

        @ArgGroup(exclusive = true)
        Where where;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = KernelInstall.DEFAULT_NAME,
                description = "The kernel's name (default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--no-fix", description = "Leave out the kernel patch (start-up and interrupt fixes, quiet start, the kit's "
                + "error boxes): only to measure the fix.")
        boolean noFix;

        @Option(names = "--sandbox", hidden = true)
        boolean sandbox;

        @Override
        public Integer call() {
            Context ctx = kernel.main.context();
            if (sandbox) {
                ctx.err().println("usmart kernel install: --sandbox is gone: the kernel now decides when it starts. Start Jupyter "
                        + "with USMART_SANDBOX=1 in its environment (usmart notebook --sandbox does) to run against the sandbox.");
                return ExitCodes.USAGE;
            }
            Path kernels = where != null && where.prefix != null ? KernelInstall.prefixKernelsDir(where.prefix.toAbsolutePath())
                    : KernelInstall.userKernelsDir(ctx.env());
            return install(ctx, kernels, name, !noFix, ctx.out());
        }
    }

    /** Installs into {@code kernels}; prints what it did to {@code out}; returns the exit code. */
    static int install(Context ctx, Path kernels, String name, boolean patch, java.io.PrintStream out) {
        try {
            KernelInstall.Request r = new KernelInstall.Request(kernels, name, patch, ctx.kitRoot(), Context.classpathEntries(),
                    KernelInstall.mavenRepo(ctx.env()));
            Path dir = KernelInstall.install(r);
            out.println("installed kernel '" + name + "' in " + dir + (patch ? "" : " (without the kernel patch)"));
            out.println("  it connects when it starts: to a local sandbox if USMART_SANDBOX=1, else with the uSmart "
                    + "credentials it finds then (~/.usmart/credentials or USMART_* variables)");
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            ctx.err().println("usmart kernel install: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (NoSuchFileException e) {
            ctx.err().println("usmart kernel install: " + e.getReason() + " (" + e.getFile() + ")");
            return ExitCodes.FAILED;
        } catch (IOException | IllegalStateException e) {
            ctx.err().println("usmart kernel install: " + e);
            return ExitCodes.FAILED;
        }
    }

    @Command(name = "starts", mixinStandardHelpOptions = true,
            description = {"Start the kernel N times against the sandbox; count the starts that hang.",
                    "%nEach start runs `1 + 1` and shuts down (bin/usmart-kernel-starts.py; needs Debian's python3 and jupyter_client)."})
    static final class Starts implements Callable<Integer> {
        @ParentCommand
        KernelCommand kernel;

        @Parameters(index = "0", arity = "0..1", paramLabel = "N", defaultValue = "50", description = "How many starts (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--no-fix", description = "Measure the kernel without the kit's patch.")
        boolean noFix;

        @Override
        public Integer call() throws IOException {
            Context ctx = kernel.main.context();
            Path tmp = Files.createTempDirectory("usmart-kernel-starts");
            try {
                int installed = install(ctx, KernelInstall.prefixKernelsDir(tmp), KernelInstall.DEFAULT_NAME, !noFix,
                        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                if (installed != ExitCodes.OK) {
                    return installed;
                }
                ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/python3", ctx.kitRoot().resolve("bin/usmart-kernel-starts.py").toString(),
                        String.valueOf(n), KernelInstall.DEFAULT_NAME));
                // Asked for explicitly: a measurement must not depend on (or use) anyone's credentials.
                pb.environment().put("USMART_SANDBOX", "1");
                pb.environment().put("JUPYTER_PATH", tmp.resolve("share/jupyter").toString());
                return Children.run(pb);
            } finally {
                try (Stream<Path> all = Files.walk(tmp)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}

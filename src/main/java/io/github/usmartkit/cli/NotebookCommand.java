package io.github.usmartkit.cli;

import io.github.usmartkit.USmart;
import io.github.usmartkit.internal.config.SettingsResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code usmart notebook [--sandbox | --run] [JUPYTER ARGS…]}: Jupyter on notebooks/ with the kit's
 * kernel, (re)installed into target/jupyter first so it always runs the kit as built now.
 */
@Command(name = "notebook", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open Jupyter on notebooks/ with the kit's kernel.",
                "%nJupyterLab, else Notebook, with the \"Java (usmart-kit)\" kernel installed into target/jupyter first. Kernels run against a local sandbox with --sandbox, or when no credentials exist at all (said on standard error); otherwise with the credentials they find."})
final class NotebookCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--sandbox", description = "Kernels run against a local sandbox (USMART_SANDBOX=1 in their environment).")
    boolean sandbox;

    @Option(names = "--run", description = "Execute every notebook of notebooks/ in place, against the sandbox, headless "
            + "(refreshes their saved outputs).")
    boolean run;

    /** Anything else goes to Jupyter as it is (e.g. --port 8890). */
    @Unmatched
    List<String> jupyterArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Context ctx = main.context();
        Path root = ctx.kitRoot();
        Path prefix = root.resolve("target/jupyter");
        int installed = KernelCommand.install(ctx, KernelInstall.prefixKernelsDir(prefix), KernelInstall.DEFAULT_NAME, true, ctx.err());
        if (installed != ExitCodes.OK) {
            return installed;
        }
        List<String> env = new ArrayList<>();
        String jupyterPath = prefix.resolve("share/jupyter").toString();
        String existing = ctx.env().get("JUPYTER_PATH");
        env.add("JUPYTER_PATH=" + jupyterPath + (existing == null || existing.isBlank() ? "" : java.io.File.pathSeparator + existing));
        if (sandbox || run || ctx.flag("USMART_SANDBOX")) {
            env.add("USMART_SANDBOX=1");
        } else {
            Path home = SettingsResolver.userHome(ctx.env());
            if (!SettingsResolver.configured(ctx.env(), home)) {
                ctx.err().println("usmart notebook: no uSmart credentials (USMART_* variables or ~/.usmart/credentials): kernels run "
                        + "against a local SANDBOX (`usmart configure` sets up keys)");
                env.add("USMART_SANDBOX=1");
            } else {
                // The kernels will read them; a broken file is said now, in one paragraph, not in every kernel.
                USmart.builder().environment(ctx.env()).home(home).connect().close();
            }
        }
        if (run) {
            return runAll(root, env, ctx);
        }
        String jupyter = Files.isExecutable(Path.of("/usr/bin/jupyter")) ? "/usr/bin/jupyter" : "jupyter";
        List<String> extra = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            extra.add("--allow-root"); // Jupyter refuses root otherwise (containers, CI)
        }
        for (String app : List.of("lab", "notebook")) {
            if (quietly(jupyter, app, "--version")) {
                List<String> command = new ArrayList<>(List.of(jupyter, app, "--notebook-dir=" + root.resolve("notebooks")));
                command.addAll(extra);
                command.addAll(jupyterArgs);
                return Children.run(withEnv(new ProcessBuilder(command), env));
            }
        }
        ctx.err().println("usmart notebook: no Jupyter front end (JupyterLab or Notebook) is installed.\n"
                + "  Debian/Ubuntu:  apt-get install -y jupyter-notebook        (or: pip install jupyterlab)\n"
                + "The kernel is installed; JUPYTER_PATH=" + jupyterPath + " makes it visible to any Jupyter.\n"
                + "To run a notebook without a front end:\n"
                + "  USMART_SANDBOX=1 JUPYTER_PATH=" + jupyterPath + " /usr/bin/jupyter nbconvert --to notebook --execute "
                + "notebooks/01-inspect-dataset.ipynb");
        return ExitCodes.USAGE;
    }

    private int runAll(Path root, List<String> env, Context ctx) throws IOException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        for (Path nb : notebooks) {
            ctx.err().println("running " + nb.getFileName());
            ProcessBuilder pb = withEnv(new ProcessBuilder("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                    "--ExecutePreprocessor.startup_timeout=60", "--ExecutePreprocessor.timeout=180", nb.toString()), env)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            int status = waitFor(pb);
            if (status != 0) {
                ctx.err().println("usmart notebook: " + nb.getFileName() + " failed; run it in Jupyter to see where");
                return ExitCodes.FAILED;
            }
        }
        return ExitCodes.OK;
    }

    private static ProcessBuilder withEnv(ProcessBuilder pb, List<String> env) {
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        return pb;
    }

    private static boolean quietly(String... command) {
        try {
            return waitFor(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int waitFor(ProcessBuilder pb) throws IOException {
        try {
            return pb.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}

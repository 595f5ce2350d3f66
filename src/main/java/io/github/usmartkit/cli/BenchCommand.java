package io.github.usmartkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code usmart bench [ARGS…]}: the benchmarks of bin/usmart-bench, its arguments passed through as they are. */
@Command(name = "bench", description = {"Run a benchmark (`usmart bench --help` lists them)."})
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Context ctx = main.context();
        Path root = ctx.kitRoot();
        Path script = root.resolve("bin/usmart-bench");
        if (!Files.isExecutable(script)) {
            ctx.err().println("usmart bench: no benchmark script at " + script);
            return ExitCodes.USAGE;
        }
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("USMART_KIT_ROOT", root.toString());
        pb.environment().put("USMART_KIT_CLASSPATH", Context.classpath());
        return Children.run(pb);
    }
}

package io.github.usmartkit.cli;

import io.github.usmartkit.sandbox.SandboxMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code usmart sandbox [OPTIONS]}: the local uSmart until Ctrl-C; its options are the sandbox's own. */
@Command(name = "sandbox", description = {"Run the local uSmart sandbox until Ctrl-C.",
                "%n`usmart sandbox --help` lists its own options: --port, --data, --env-file, --faults, --bind, --log, --processing-delay, --orphan-ttl."})
final class SandboxCommand implements Callable<Integer> {

    /** Handed to the sandbox as they are: it parses its own options (and prints its own --help). */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        // Blocks until the JVM is asked to stop; exits by itself with 2 (bad options) or 1 (cannot start).
        SandboxMain.main(args.toArray(String[]::new));
        return ExitCodes.OK;
    }
}

package io.github.usmartkit.cli;

import io.github.usmartkit.progress.ProgressListener;
import picocli.CommandLine.Option;

/** {@code --json}, {@code --quiet}, {@code --no-progress}: what a command prints, and where. */
final class OutputOptions {

    @Option(names = "--json", description = "Print ONE JSON document on standard output (for CI and orchestrators), "
            + "failures included.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (a read still prints what it read; --json its document).")
    boolean quiet;

    @Option(names = "--no-progress", description = "No progress lines (USMART_PROGRESS=off does the same).")
    boolean noProgress;

    /**
     * The progress of uploads and waits: none when quiet or asked for none; else the kit's own choice
     * (a line redrawn in a terminal, one timestamped line per stage in a log).
     */
    ProgressListener progress() {
        return quiet || noProgress ? ProgressListener.none() : ProgressListener.auto();
    }
}

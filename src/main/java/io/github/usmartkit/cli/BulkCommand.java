package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.USmart;
import io.github.usmartkit.bulk.BulkOptions;
import io.github.usmartkit.bulk.BulkReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;

/** {@code usmart bulk MANIFEST}: every file a manifest lists, one results table, exit 3 if a line failed. */
@Command(name = "bulk", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish every file a CSV manifest lists; one results table.",
                "%nThe manifest's header is datasetGUID,fileGUID,path (and optionally pipelineId): a line with a fileGUID replaces that file, one without adds the file (and a pipeline of that pipelineId for it). Paths are relative to the manifest. Uploads --concurrency lines at a time, refreshes each dataset's pipelines once, waits, and verifies each line. One bad line never stops the others; running the same manifest again sends only what is not there yet. Exit 3 if any line was refused or failed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_PARTIAL})
final class BulkCommand extends KitCommand {

    @Parameters(index = "0", paramLabel = "MANIFEST", converter = PathConverter.class, description = "The CSV manifest.")
    Path manifest;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + BulkOptions.DEFAULT_CONCURRENCY,
            description = "Lines uploading at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--wait", paramLabel = "D", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long to wait, per dataset, for processing (default ${DEFAULT-VALUE}).")
    Duration wait;

    @Mixin
    WriteOptions write;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    Result run(Connection c, Context ctx) {
        if (concurrency < 1 || concurrency > 64) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--concurrency " + concurrency + " is not between 1 and 64");
        }
        USmart s = write.dryRun ? c.usmart().dryRun() : c.usmart();
        try {
            BulkOptions o = BulkOptions.defaults().concurrency(concurrency).timeout(wait).allowSchemaChange(write.allowSchemaChange)
                    .force(write.force).progress(output.progress());
            BulkReport r = s.bulk(manifest, o);
            ObjectNode json = Documents.bulk(r);
            // the lines' errors are the kit's messages, their advice written for the Java API
            String text = CliAdvice.rewrite(r.toText());
            if (write.dryRun) {
                json.set("plan", Documents.plan(s.plan()));
                text += "\n" + s.plan().toText();
            }
            if (!r.ok()) {
                if (output.quiet) {
                    // the table is not printed: the errors are, as errors are
                    r.failed().forEach(l -> ctx.err().println("usmart bulk: line " + l.line() + " " + l.outcome() + ": " + CliAdvice.rewrite(l.error())));
                }
                ctx.err().println("usmart bulk: " + r.failed().size() + " of " + r.lines().size() + " line(s) not done ("
                        + r.failed().stream().collect(java.util.stream.Collectors.groupingBy(l -> l.outcome(), java.util.TreeMap::new,
                                java.util.stream.Collectors.counting())).entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                                .collect(java.util.stream.Collectors.joining(", ")) + "): " + (output.quiet ? "" : "the table says why; ") + "fix them and run the same manifest "
                        + "again (what is done is not sent again)");
            }
            return Result.report(text, json).exit(r.ok() ? ExitCodes.OK : ExitCodes.PARTIAL);
        } finally {
            if (write.dryRun) {
                s.close();
            }
        }
    }
}

package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.model.ProcessingReport;
import io.github.usmartkit.model.RefreshResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.stream.Collectors;

/** {@code usmart refresh DATASET [--wait D]}: every pipeline of a dataset processes again. */
@Command(name = "refresh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask every pipeline of a dataset to process again.",
                "%nWith --wait, wait until they have; exit 1 if one failed."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class RefreshCommand extends KitCommand {

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset's GUID.")
    String dataset;

    @Override
    String datasetArgument() {
        return dataset;
    }

    @Option(names = "--wait", paramLabel = "D", converter = DurationConverter.class,
            description = "Wait this long for processing to end (" + DurationConverter.EXAMPLES + ").")
    Duration wait;

    @Option(names = "--dry-run", description = "Print the refreshes that would be asked for; ask none.")
    boolean dryRun;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    Result run(Connection c, Context ctx) {
        USmart s = dryRun ? c.usmart().dryRun() : c.usmart();
        try {
            Dataset ds = s.dataset(dataset);
            RefreshResults r = ds.refreshAll();
            ObjectNode json = Documents.refresh(r);
            // with no pipeline, its summary says how to create one, in the Java API's words
            StringBuilder text = new StringBuilder(CliAdvice.rewrite(r.toText()));
            if (!dryRun) {
                done(r.results().size() + " pipeline(s) of dataset " + dataset + " asked to process");
            }
            if (dryRun) {
                json.set("plan", Documents.plan(s.plan()));
                text.append('\n').append(s.plan().toText());
            } else if (wait != null && !r.results().isEmpty()) {
                ProcessingReport p = ds.awaitProcessed(wait, progress());
                json.set("processing", Documents.processing(p));
                text.append('\n').append(p.toText());
                if (!p.ok()) {
                    ctx.err().println("usmart refresh: " + p.failed().size() + " pipeline(s) failed to process: " + p.failed().stream()
                            .map(x -> x.pipelineId() + " " + x.resourceContainerGuid() + ": " + x.failureReason())
                            .collect(Collectors.joining("; ")) + ". Fix the file they publish, then publish it again");
                    return Result.report(text.toString(), json).exit(ExitCodes.FAILED);
                }
            }
            return Result.report(text.toString(), json);
        } finally {
            if (dryRun) {
                s.close();
            }
        }
    }
}

package io.github.usmartkit.cli;

import io.github.usmartkit.model.DatasetView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code usmart status DATASET}: its files and pipelines. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a dataset's files and pipelines.",
                "%nIts files (GUID, name, size, revision) and pipelines (status, rows, why one failed): one read call."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class StatusCommand extends KitCommand {

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset's GUID.")
    String dataset;

    @Override
    String datasetArgument() {
        return dataset;
    }

    @Override
    boolean writes() {
        return false;
    }

    @Override
    Result run(Connection c, Context ctx) {
        DatasetView v = c.usmart().dataset(dataset).view();
        // its captions say how to add a file or a pipeline, in the Java API's words
        return Result.data(CliAdvice.rewrite(v.toText(Math.max(v.files().size(), v.pipelines().size()))), Documents.view(v));
    }
}

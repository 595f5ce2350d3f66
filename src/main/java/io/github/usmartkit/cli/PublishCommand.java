package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.USmart;
import io.github.usmartkit.upload.PublishReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;

/** {@code usmart publish DATASET FILE_GUID PATH}: the whole job in one command. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish a new version of a file: replace, refresh, wait, verify.",
                "%nThe local check first (nothing is sent if the CSV is malformed), then the replace (the file keeps its name in uSmart; refused if its columns change; nothing is sent if it is unchanged), a refresh of every pipeline the file feeds, the wait, and the verification of what the public sees through the read API. Exit 4 if the public does not see the file's rows and columns."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNVERIFIED})
final class PublishCommand extends KitCommand {

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset's GUID.")
    String dataset;

    @Override
    String datasetArgument() {
        return dataset;
    }

    @Parameters(index = "1", paramLabel = "FILE_GUID", description = "The file to replace (`usmart status DATASET` lists them).")
    String file;

    @Parameters(index = "2", paramLabel = "PATH", converter = PathConverter.class, description = "The local file.")
    Path path;

    @Mixin
    WriteOptions write;

    @Option(names = "--wait", paramLabel = "D", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long to wait for processing (default ${DEFAULT-VALUE}; " + DurationConverter.EXAMPLES + ").")
    Duration wait;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    Result run(Connection c, Context ctx) {
        USmart s = write.dryRun ? c.usmart().dryRun() : c.usmart();
        try {
            PublishReport r = s.dataset(dataset).publish(file, path, write.upload(progress()), wait);
            ObjectNode json = Documents.publish(r);
            String text = r.toText();
            if (write.dryRun) {
                json.set("plan", Documents.plan(s.plan()));
                text += "\n" + s.plan().toText();
            }
            return Result.report(text, json);
        } finally {
            if (write.dryRun) {
                s.close();
            }
        }
    }
}

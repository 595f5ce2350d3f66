package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.USmart;
import io.github.usmartkit.upload.UploadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code usmart replace DATASET FILE_GUID PATH}: a new revision of a file, no refresh. */
@Command(name = "replace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upload a new revision of a file (no refresh).",
                "%nThe file keeps its name in uSmart; refused if its columns change; nothing is sent if it is unchanged. Its pipelines are not refreshed: `usmart publish` does the whole job."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class ReplaceCommand extends KitCommand {

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset's GUID.")
    String dataset;

    @Override
    String datasetArgument() {
        return dataset;
    }

    @Parameters(index = "1", paramLabel = "FILE_GUID", description = "The file to replace.")
    String file;

    @Parameters(index = "2", paramLabel = "PATH", converter = PathConverter.class, description = "The local file.")
    Path path;

    @Mixin
    WriteOptions write;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    Result run(Connection c, Context ctx) {
        USmart s = write.dryRun ? c.usmart().dryRun() : c.usmart();
        try {
            UploadResult u = s.dataset(dataset).replaceFile(file, path, write.upload(progress()));
            ObjectNode json = Documents.upload(u);
            String text = u.toText();
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

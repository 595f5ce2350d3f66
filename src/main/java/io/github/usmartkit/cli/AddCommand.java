package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.ProcessingReport;
import io.github.usmartkit.model.VerifyReport;
import io.github.usmartkit.upload.UploadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;

/** {@code usmart add DATASET PATH [--pipeline ID [--wait D]]}: a new file, optionally published by a new pipeline. */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upload a file and add it to a dataset.",
                "%nNamed by its local name unless --name says otherwise. With --pipeline, also create that pipeline for the new file and ask it to process; with --wait as well, wait for it and verify."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE, ExitCodes.HELP_UNVERIFIED})
final class AddCommand extends KitCommand {

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset's GUID.")
    String dataset;

    @Override
    String datasetArgument() {
        return dataset;
    }

    @Parameters(index = "1", paramLabel = "PATH", converter = PathConverter.class, description = "The local file.")
    Path path;

    @Option(names = "--name", paramLabel = "NAME", description = "The name to show in uSmart (default: the local file's name).")
    String name;

    @Option(names = "--pipeline", paramLabel = "ID", description = "Create a pipeline of this kind for the new file, e.g. csv-to-api, "
            + "and ask it to process.")
    String pipeline;

    @Option(names = "--wait", paramLabel = "D", converter = DurationConverter.class,
            description = "With --pipeline: wait this long for it to process, then verify (" + DurationConverter.EXAMPLES + ").")
    Duration wait;

    @Mixin
    WriteOptions write;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    Result run(Connection c, Context ctx) {
        if (wait != null && pipeline == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--wait needs --pipeline: a new file feeds no pipeline to wait for");
        }
        USmart s = write.dryRun ? c.usmart().dryRun() : c.usmart();
        try {
            Dataset ds = s.dataset(dataset);
            UploadResult u = ds.add(path, write.upload(progress()).fileName(name));
            ObjectNode json = Documents.upload(u);
            StringBuilder text = new StringBuilder(u.toText());
            if (!write.dryRun) {
                done("file " + u.fileGuid() + " added to dataset " + dataset);
            }
            int exit = ExitCodes.OK;
            if (pipeline != null && !write.dryRun) {
                PipelineInfo p = ds.createPipeline(pipeline, u.fileGuid());
                done("file " + u.fileGuid() + " added and its " + pipeline + " pipeline " + p.resourceContainerGuid() + " created");
                ds.refresh(p.resourceContainerGuid());
                json.put("resourceContainerGUID", p.resourceContainerGuid());
                text.append("\ncreated the ").append(pipeline).append(" pipeline ").append(p.resourceContainerGuid())
                        .append(" for it and asked it to process");
                if (wait != null) {
                    ProcessingReport processed = ds.awaitProcessed(wait, progress());
                    json.set("processing", Documents.processing(processed));
                    VerifyReport v = ds.verify(u.fileGuid(), path);
                    json.set("verify", Documents.verify(v));
                    text.append('\n').append(v.summary());
                }
            } else if (pipeline != null) {
                text.append("\nwould create the ").append(pipeline).append(" pipeline for it");
            }
            if (write.dryRun) {
                json.set("plan", Documents.plan(s.plan()));
                text.append('\n').append(s.plan().toText());
            }
            return Result.report(text.toString(), json).exit(exit);
        } finally {
            if (write.dryRun) {
                s.close();
            }
        }
    }
}

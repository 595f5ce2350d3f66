package io.github.usmartkit.internal.publish;

import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.model.PipelineCheck;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.VerifyReport;
import io.github.usmartkit.upload.PreflightReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Verifies what the public sees: for each pipeline fed by a file, every published row counted
 * through the read API (streamed) and its columns, compared with the local file's rows and header.
 */
public final class Verifier {

    private final Published published;

    public Verifier(Published published) {
        this.published = published;
    }

    /** The comparison of each of {@code fed} with {@code local}; makes one streamed read per pipeline. */
    public VerifyReport verify(String datasetGuid, String fileGuid, List<PipelineInfo> fed, PreflightReport local) {
        long expected = local.rows() == null ? 0 : local.rows();
        List<PipelineCheck> checks = new ArrayList<>();
        for (PipelineInfo p : fed) {
            String rc = p.resourceContainerGuid();
            if (p.failed()) {
                checks.add(new PipelineCheck(rc, p.pipelineId(), p.status(), expected, null, List.of(), List.of(), false,
                        "processing failed: " + (p.failureReason() == null ? "no reason given" : p.failureReason())));
                continue;
            }
            Published.Count c;
            try {
                c = published.count(rc);
            } catch (NotFoundException e) {
                checks.add(new PipelineCheck(rc, p.pipelineId(), p.status(), expected, null, List.of(), List.of(), false,
                        "nothing published: " + e.what()));
                continue;
            } catch (USmartException e) {
                checks.add(new PipelineCheck(rc, p.pipelineId(), p.status(), expected, null, List.of(), List.of(), false,
                        "could not be read: " + e.what()));
                continue;
            }
            List<String> missing = new ArrayList<>(local.columns());
            missing.removeAll(c.columns());
            List<String> extra = new ArrayList<>(c.columns());
            extra.removeAll(local.columns());
            List<String> problems = new ArrayList<>();
            if (c.rows() != expected) {
                problems.add("publishes " + c.rows() + " row(s), the file has " + expected);
            }
            if (!missing.isEmpty()) {
                problems.add("lacks column(s) " + String.join(", ", missing));
            }
            if (!extra.isEmpty()) {
                problems.add("serves column(s) the file lacks: " + String.join(", ", extra));
            }
            if (!p.complete() && p.status() != null) {
                problems.add("status is " + p.status());
            }
            checks.add(new PipelineCheck(rc, p.pipelineId(), p.status(), expected, c.rows(), missing, extra, problems.isEmpty(),
                    problems.isEmpty() ? null : String.join("; ", problems)));
        }
        return new VerifyReport(datasetGuid, fileGuid, local.file(), expected, local.columns(), checks);
    }
}

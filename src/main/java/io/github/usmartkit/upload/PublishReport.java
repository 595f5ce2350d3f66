package io.github.usmartkit.upload;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.internal.render.TableStyle;
import io.github.usmartkit.model.ProcessingReport;
import io.github.usmartkit.model.RefreshResults;
import io.github.usmartkit.model.VerifyReport;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One publish, step by step: the local check, the upload (or why none was needed), the refresh
 * of every pipeline fed by the file, the wait, and the verification of what the public sees.
 *
 * @param datasetGuid the dataset
 * @param fileGuid    the file
 * @param outcome     {@code published}, {@code unchanged} (nothing sent, and the public already
 *                    sees the file), or {@code planned} (a dry run)
 * @param preflight   the local check
 * @param upload      the replace (outcome {@code replaced}, {@code unchanged} or {@code planned})
 * @param refresh     the refresh of the pipelines fed by the file, or null when none was needed
 * @param processing  their state once processed, or null when not waited for
 * @param verify      what the public sees compared with the file, or null (a dry run, or no pipeline)
 * @param warnings    anything worth knowing that did not fail the publish
 * @param took        how long it took
 */
public record PublishReport(String datasetGuid, String fileGuid, String outcome, PreflightReport preflight, UploadResult upload,
                            RefreshResults refresh, ProcessingReport processing, VerifyReport verify, List<String> warnings,
                            Duration took) implements Displayable {

    /** The file was uploaded, processed and verified. */
    public static final String PUBLISHED = "published";
    /** Nothing was sent: the file equals the current revision and the public sees it. */
    public static final String UNCHANGED = "unchanged";
    /** A dry run: nothing was sent. */
    public static final String PLANNED = "planned";

    public PublishReport {
        warnings = List.copyOf(warnings);
    }

    /** Whether the public sees the file (for a dry run: whether the plan was made). */
    public boolean ok() {
        return PLANNED.equals(outcome) || verify == null || verify.ok();
    }

    /** One step a row: step, outcome, detail. */
    private record Step(String step, String outcome, String detail) {
    }

    private List<Step> steps() {
        List<Step> s = new ArrayList<>();
        s.add(new Step("preflight", "ok", preflight.summary()));
        s.add(new Step(upload.outcome().equals(UploadResult.PLANNED) ? "replace (planned)" : "replace", upload.outcome(),
                upload.fileName() + " " + Bytes.format(upload.bytes()) + (upload.revision() == null ? "" : ", revision " + upload.revision())
                        + (upload.md5() == null ? "" : ", md5 " + upload.md5())));
        if (refresh != null) {
            s.add(new Step("refresh", refresh.ok() ? "ok" : "FAILED", refresh.results().size() + " pipeline(s): "
                    + String.join(", ", refresh.results().stream().map(r -> r.resourceContainerGuid() + " " + r.status()).toList())));
        }
        if (processing != null) {
            s.add(new Step("await", processing.ok() ? "ok" : "FAILED", processing.summary()));
        }
        if (verify != null) {
            s.add(new Step("verify", verify.ok() ? "ok" : "FAILED", verify.summary()));
        }
        for (String w : warnings) {
            s.add(new Step("warning", "", w));
        }
        return s;
    }

    /** One row per step: step, outcome, detail. */
    public Table table() {
        return STEPS.table("publish " + upload.fileName() + " to file " + fileGuid + ": " + outcome, steps());
    }

    private static final Columns<Step> STEPS = Columns.<Step>of()
            .text("step", Step::step).text("outcome", Step::outcome).text("detail", Step::detail);

    /** One sentence. */
    public String summary() {
        return switch (outcome) {
            case PLANNED -> "dry run: publishing " + upload.fileName() + " to file " + fileGuid + " of dataset " + datasetGuid
                    + " was planned, nothing sent";
            case UNCHANGED -> "unchanged: file " + fileGuid + " already holds " + upload.fileName() + " (same MD5 and size)"
                    + (verify == null ? "" : " and " + verify.summary());
            default -> "published " + upload.fileName() + " as file " + fileGuid + (upload.revision() == null ? "" : " revision " + upload.revision())
                    + " of dataset " + datasetGuid + (verify == null ? "" : "; " + verify.summary())
                    + " in " + took.toMillis() / 1000.0 + " s";
        };
    }

    @Override
    public String toText() {
        return TableStyle.sentence(summary()) + "\n" + TableStyle.text(table(), null, TableStyle.MAX_ROWS);
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-publish\"><p>" + Html.escape(summary()) + "</p>" + TableStyle.html(table(), null, TableStyle.MAX_ROWS) + "</div>";
    }

    @Override
    public String toString() {
        return summary();
    }
}

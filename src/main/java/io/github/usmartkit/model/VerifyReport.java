package io.github.usmartkit.model;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.TableStyle;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * What the public sees of a file, checked: for every pipeline fed by the file, the rows and
 * columns the read API serves compared with the local file.
 *
 * @param datasetGuid the dataset
 * @param fileGuid    the file
 * @param localFile   the local file compared (its name)
 * @param rows        rows in the local file
 * @param columns     the local file's header
 * @param checks      one comparison per pipeline fed by the file
 */
public record VerifyReport(String datasetGuid, String fileGuid, String localFile, long rows, List<String> columns,
                           List<PipelineCheck> checks) implements Displayable {

    public VerifyReport {
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
    }

    /** Whether every pipeline fed by the file serves its rows and columns (false when no pipeline is fed by it). */
    public boolean ok() {
        return !checks.isEmpty() && checks.stream().allMatch(PipelineCheck::ok);
    }

    /** The pipelines whose published data differs. */
    public List<PipelineCheck> failed() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    /** One row per pipeline: resourceContainerGUID, pipelineId, status, expectedRows, publishedRows, missingColumns, extraColumns, ok, note. */
    public Table table() {
        return COLUMNS.table("verify " + localFile + " against file " + fileGuid, checks);
    }

    private static final Columns<PipelineCheck> COLUMNS = Columns.<PipelineCheck>of()
                .text("resourceContainerGUID", PipelineCheck::resourceContainerGuid)
                .text("pipelineId", PipelineCheck::pipelineId)
                .text("status", PipelineCheck::status)
                .number("expectedRows", PipelineCheck::expectedRows)
                .number("publishedRows", PipelineCheck::publishedRows)
                .text("missingColumns", c -> String.join(", ", c.missingColumns()))
                .text("extraColumns", c -> String.join(", ", c.extraColumns()))
                .text("ok", c -> c.ok() ? "yes" : "NO")
                .text("note", PipelineCheck::note);


    /** One sentence: verified, or how many pipelines differ. */
    public String summary() {
        if (checks.isEmpty()) {
            return "file " + fileGuid + " feeds no pipeline of dataset " + datasetGuid + ": nothing the public sees could be verified";
        }
        return ok() ? "verified: " + checks.size() + " pipeline(s) serve the " + rows + " rows and " + columns.size()
                + " columns of " + localFile
                : "NOT verified: " + failed().size() + " of " + checks.size() + " pipeline(s) do not serve what " + localFile + " holds";
    }

    @Override
    public String toText() {
        return TableStyle.sentence(summary()) + "\n" + (checks.isEmpty() ? "" : TableStyle.text(table(), null, TableStyle.MAX_ROWS));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-verify\"><p>" + Html.escape(summary()) + "</p>"
                + (checks.isEmpty() ? "" : TableStyle.html(table(), null, TableStyle.MAX_ROWS)) + "</div>";
    }

    @Override
    public String toString() {
        return summary();
    }
}

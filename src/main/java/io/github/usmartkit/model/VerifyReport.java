package io.github.usmartkit.model;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Render;
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
        return Columns.of(checks)
                .text("resourceContainerGUID", PipelineCheck::resourceContainerGuid)
                .text("pipelineId", PipelineCheck::pipelineId)
                .text("status", PipelineCheck::status)
                .number("expectedRows", PipelineCheck::expectedRows)
                .number("publishedRows", PipelineCheck::publishedRows)
                .text("missingColumns", c -> String.join(", ", c.missingColumns()))
                .text("extraColumns", c -> String.join(", ", c.extraColumns()))
                .text("ok", c -> c.ok() ? "yes" : "NO")
                .text("note", PipelineCheck::note)
                .table("verify " + localFile + " against file " + fileGuid);
    }

    private static final List<String> HEADERS = List.of("resourceContainerGUID", "pipelineId", "status", "expectedRows",
            "publishedRows", "missing", "extra", "ok", "note");

    private List<List<String>> displayRows() {
        return checks.stream().map(c -> List.of(Render.str(c.resourceContainerGuid()), Render.str(c.pipelineId()),
                Render.str(c.status()), Long.toString(c.expectedRows()), Render.str(c.publishedRows()),
                String.join(", ", c.missingColumns()), String.join(", ", c.extraColumns()), c.ok() ? "yes" : "NO",
                Render.str(c.note()))).toList();
    }

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
        return summary() + "\n" + (checks.isEmpty() ? "" : Render.textTable(HEADERS, displayRows()));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-verify\"><p>" + Html.escape(summary()) + "</p>"
                + (checks.isEmpty() ? "" : Render.htmlTable(HEADERS, displayRows())) + "</div>";
    }

    @Override
    public String toString() {
        return summary();
    }
}

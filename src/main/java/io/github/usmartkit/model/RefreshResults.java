package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.TableStyle;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * The outcome of refreshing every pipeline of a dataset.
 *
 * @param datasetGuid the dataset
 * @param results     one result per pipeline
 */
public record RefreshResults(String datasetGuid, List<RefreshResult> results) implements Displayable {

    public RefreshResults {
        results = List.copyOf(results);
    }

    /** Whether every refresh was accepted. */
    public boolean ok() {
        return results.stream().allMatch(RefreshResult::ok);
    }

    /** The refreshes that failed. */
    public List<RefreshResult> failed() {
        return results.stream().filter(r -> !r.ok()).toList();
    }

    private static final Columns<RefreshResult> COLUMNS = Columns.<RefreshResult>of()
            .text("resourceContainerGUID", RefreshResult::resourceContainerGuid)
            .text("pipelineId", RefreshResult::pipelineId)
            .text("status", RefreshResult::status)
            .text("error", RefreshResult::error);

    /** One row per pipeline: resourceContainerGUID, pipelineId, status, error. */
    public Table table() {
        return COLUMNS.table("refresh of " + datasetGuid, results);
    }

    /**
     * Every outcome on one line with full GUIDs, for messages and logs:
     * {@code refresh csv-to-api e5a73062-…-b33ae725f02b: queued; refresh csv-to-download …: FAILED: …}.
     */
    public String outcomes() {
        return summary() + (results.isEmpty() ? "" : ": " + results.stream().map(RefreshResult::toText)
                .collect(java.util.stream.Collectors.joining("; ")));
    }

    private String summary() {
        return results.isEmpty() ? "dataset " + datasetGuid + " has no output pipelines: nothing was refreshed"
                + " (create one with createPipeline(\"csv-to-api\"), then refresh it)"
                : "refreshed " + (results.size() - failed().size()) + " of "
                + TableStyle.count(results.size(), "pipeline", "pipelines") + " of dataset "
                + datasetGuid + (ok() ? "" : " (" + failed().size() + " FAILED)");
    }

    @Override
    public String toText() {
        return summary() + "\n" + (results.isEmpty() ? "" : TableStyle.text(table(), null, TableStyle.MAX_ROWS));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-refresh\"><p>" + Html.escape(summary()) + "</p>"
                + (results.isEmpty() ? "" : TableStyle.html(table(), null, TableStyle.MAX_ROWS)) + "</div>";
    }

    /** The text view: the summary and the results table. */
    @Override
    public String toString() {
        return toText().stripTrailing();
    }
}

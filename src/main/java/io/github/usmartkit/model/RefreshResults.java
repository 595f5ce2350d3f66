package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Render;
import io.github.usmartkit.internal.render.Columns;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
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

    /** One row per pipeline: resourceContainerGUID, pipelineId, status, error. */
    public Table table() {
        return Columns.of(results)
                .text("resourceContainerGUID", RefreshResult::resourceContainerGuid)
                .text("pipelineId", RefreshResult::pipelineId)
                .text("status", RefreshResult::status)
                .text("error", RefreshResult::error)
                .table("refresh of " + datasetGuid);
    }

    private static final List<String> HEADERS = List.of("resourceContainerGUID", "pipelineId", "status", "error");

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (RefreshResult r : results) {
            rows.add(List.of(Render.str(r.resourceContainerGuid()), Render.str(r.pipelineId()), Render.str(r.status()),
                    Render.str(r.error())));
        }
        return rows;
    }

    private String summary() {
        return results.isEmpty() ? "dataset " + datasetGuid + " has no output pipelines: nothing was refreshed"
                + " (create one with createPipeline(\"csv-to-api\"), then refresh it)"
                : "refreshed " + (results.size() - failed().size()) + " of " + results.size() + " pipeline(s) of dataset "
                + datasetGuid + (ok() ? "" : " (" + failed().size() + " FAILED)");
    }

    @Override
    public String toText() {
        return summary() + "\n" + (results.isEmpty() ? "" : Render.textTable(HEADERS, rows()));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-refresh\"><p>" + Html.escape(summary()) + "</p>"
                + (results.isEmpty() ? "" : Render.htmlTable(HEADERS, rows())) + "</div>";
    }

    @Override
    public String toString() {
        return toText().strip();
    }
}

package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.TableStyle;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of refreshing the pipelines of a dataset; {@link #await(Duration)} waits for them
 * to finish, so that a chain can go on:
 * {@code dataset(ds).replace(fileGuid, path).refreshAll().await(Duration.ofMinutes(5))}.
 */
public final class RefreshResults implements Displayable {

    private final String datasetGuid;
    private final List<RefreshResult> results;
    private final transient Function<Duration, ProcessingReport> awaiter;

    /**
     * @param datasetGuid the dataset
     * @param results     one result per pipeline
     */
    public RefreshResults(String datasetGuid, List<RefreshResult> results) {
        this(datasetGuid, results, null);
    }

    /**
     * @param awaiter waits until the refreshed pipelines finish (the kit's own), or null
     */
    public RefreshResults(String datasetGuid, List<RefreshResult> results, Function<Duration, ProcessingReport> awaiter) {
        this.datasetGuid = datasetGuid;
        this.results = List.copyOf(results);
        this.awaiter = awaiter;
    }

    /** The dataset. */
    public String datasetGuid() {
        return datasetGuid;
    }

    /** One result per pipeline. */
    public List<RefreshResult> results() {
        return results;
    }

    /**
     * Waits until the refreshed pipelines have finished processing (complete or failed), polling
     * {@code dataset:view}, as {@code dataset.awaitProcessed(timeout)} does.
     *
     * @return the final state, naming the pipelines that failed and why
     * @throws io.github.usmartkit.error.ProcessingTimeoutException if some are still processing after {@code timeout}
     * @throws IllegalStateException if these results were not made by the kit's refresh
     */
    public ProcessingReport await(Duration timeout) {
        if (awaiter == null) {
            throw new IllegalStateException("these RefreshResults were not made by refreshAll(); call dataset.awaitProcessed(timeout)");
        }
        return awaiter.apply(timeout);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefreshResults r && r.datasetGuid.equals(datasetGuid) && r.results.equals(results);
    }

    @Override
    public int hashCode() {
        return Objects.hash(datasetGuid, results);
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
        return TableStyle.sentence(summary()) + "\n" + (results.isEmpty() ? "" : TableStyle.text(table(), null, TableStyle.MAX_ROWS));
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

package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.TableStyle;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The state of a dataset's pipelines once every one has finished processing.
 *
 * @param datasetGuid the dataset
 * @param pipelines   each pipeline's final state
 * @param waited      how long the wait took
 */
public record ProcessingReport(String datasetGuid, List<PipelineInfo> pipelines, Duration waited) implements Displayable {

    public ProcessingReport {
        pipelines = List.copyOf(pipelines);
    }

    /** Whether every pipeline completed. */
    public boolean ok() {
        return pipelines.stream().allMatch(PipelineInfo::complete);
    }

    /** The pipelines that failed (with {@link PipelineInfo#failureReason()}). */
    public List<PipelineInfo> failed() {
        return pipelines.stream().filter(PipelineInfo::failed).toList();
    }

    /** One row per pipeline, in its final state: the pipelines table of {@code DatasetView}. */
    public Table table() {
        return PipelineInfo.COLUMNS.table("pipelines of dataset " + datasetGuid, pipelines);
    }

    /** One line: how many pipelines completed, after how long, and each failure with its reason. */
    public String summary() {
        List<PipelineInfo> f = failed();
        StringBuilder sb = new StringBuilder();
        sb.append(pipelines.size() - f.size()).append(" of ").append(TableStyle.count(pipelines.size(), "pipeline", "pipelines"))
                .append(" of dataset ").append(datasetGuid).append(" complete after ")
                .append(String.format(Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0));
        for (PipelineInfo p : f) {
            sb.append("; FAILED ").append(p.pipelineId()).append(' ').append(p.resourceContainerGuid()).append(": ")
                    .append(p.failureReason() == null ? "no reason given" : p.failureReason());
        }
        return sb.toString();
    }

    @Override
    public String toText() {
        return TableStyle.sentence(summary()) + "\n" + (pipelines.isEmpty() ? "" : TableStyle.text(table(), null, TableStyle.MAX_ROWS));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-processing\"><p>" + Html.escape(summary()) + "</p>"
                + (pipelines.isEmpty() ? "" : TableStyle.html(table(), null, TableStyle.MAX_ROWS)) + "</div>";
    }

    /** The text view: the summary and the pipelines table. */
    @Override
    public String toString() {
        return toText().stripTrailing();
    }
}

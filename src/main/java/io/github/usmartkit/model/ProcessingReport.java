package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Render;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;

import java.time.Duration;
import java.util.List;

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

    private String summary() {
        List<PipelineInfo> f = failed();
        StringBuilder sb = new StringBuilder();
        sb.append(pipelines.size() - f.size()).append(" of ").append(pipelines.size())
                .append(" pipeline(s) of dataset ").append(datasetGuid).append(" complete after ")
                .append(waited.toMillis() / 1000.0).append(" s");
        for (PipelineInfo p : f) {
            sb.append("; FAILED ").append(p.pipelineId()).append(' ').append(p.resourceContainerGuid()).append(": ")
                    .append(p.failureReason() == null ? "no reason given" : p.failureReason());
        }
        return sb.toString();
    }

    @Override
    public String toText() {
        return summary() + "\n" + Render.textTable(PipelineInfo.DISPLAY_HEADERS, PipelineInfo.displayRows(pipelines));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-processing\"><p>" + Html.escape(summary()) + "</p>" + Render.htmlTable(PipelineInfo.DISPLAY_HEADERS, PipelineInfo.displayRows(pipelines)) + "</div>";
    }

    @Override
    public String toString() {
        return summary();
    }
}

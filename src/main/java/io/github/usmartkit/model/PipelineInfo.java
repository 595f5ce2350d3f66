package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Columns;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * An output pipeline (a "resource container") of a dataset. Status and counts are assumptions
 * about the service's shape and may be null.
 *
 * @param resourceContainerGuid the container's GUID (use it with {@code refresh(..)} and reads)
 * @param pipelineId            the pipeline, e.g. {@code csv-to-api}
 * @param fileGuid              the file it publishes, or null
 * @param status                {@code new}, {@code queued}, {@code processing}, {@code complete}, {@code failed}, or null
 * @param lastProcessed         when it last finished, or null
 * @param rowCount              rows published, or null
 * @param failureReason         why it failed, or null
 */
public record PipelineInfo(
        @JsonProperty("resourceContainerGUID") @JsonAlias({"resourceContainerGuid", "resourceGUID", "GUID", "guid", "id"})
        String resourceContainerGuid,
        @JsonProperty("pipelineId") @JsonAlias({"pipelineID", "pipeline", "type"}) String pipelineId,
        @JsonProperty("fileGUID") @JsonAlias("fileGuid") String fileGuid,
        @JsonProperty("status") @JsonAlias({"state", "processingStatus"}) String status,
        @JsonProperty("lastProcessed") @JsonAlias({"processed", "updated"}) String lastProcessed,
        @JsonProperty("rowCount") @JsonAlias({"rows", "count"}) Long rowCount,
        @JsonProperty("failureReason") @JsonAlias({"error", "reason", "message"}) String failureReason) {

    public PipelineInfo {
        status = status == null || status.isBlank() ? null : status.strip().toLowerCase(Locale.ROOT);
    }

    /** The columns of a pipelines table: every view of pipelines shows these (an empty failureReason is left out). */
    static final Columns<PipelineInfo> COLUMNS = Columns.<PipelineInfo>of()
            .text("resourceContainerGUID", PipelineInfo::resourceContainerGuid)
            .text("pipelineId", PipelineInfo::pipelineId)
            .text("status", PipelineInfo::status)
            .number("rows", PipelineInfo::rowCount)
            .text("lastProcessed", PipelineInfo::lastProcessed)
            .text("fileGUID", PipelineInfo::fileGuid)
            .text("failureReason", PipelineInfo::failureReason);

    /** Complete or failed: processing has ended. */
    public boolean finished() {
        return complete() || failed();
    }

    public boolean complete() {
        return "complete".equals(status) || "completed".equals(status) || "success".equals(status);
    }

    public boolean failed() {
        return "failed".equals(status) || "error".equals(status);
    }

    @Override
    public String toString() {
        return pipelineId + " " + resourceContainerGuid + " " + status
                + (rowCount == null ? "" : " (" + rowCount + " rows)")
                + (failureReason == null ? "" : ": " + failureReason);
    }
}

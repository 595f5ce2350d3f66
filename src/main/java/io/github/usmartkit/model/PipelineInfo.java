package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

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
public record PipelineInfo(String resourceContainerGuid, String pipelineId, String fileGuid, String status,
                           String lastProcessed, Long rowCount, String failureReason) {

    /** The columns of a pipelines table: every view of pipelines shows these (an empty failureReason is left out). */
    static final Columns<PipelineInfo> COLUMNS = Columns.<PipelineInfo>of()
            .text("resourceContainerGUID", PipelineInfo::resourceContainerGuid)
            .text("pipelineId", PipelineInfo::pipelineId)
            .text("status", PipelineInfo::status)
            .number("rows", PipelineInfo::rowCount)
            .text("lastProcessed", PipelineInfo::lastProcessed)
            .text("fileGUID", PipelineInfo::fileGuid)
            .text("failureReason", PipelineInfo::failureReason);

    /** Reads a container object, tolerating other key names. */
    public static PipelineInfo of(JsonNode n) {
        String status = Json.text(n, "status", "state", "processingStatus");
        return new PipelineInfo(
                Json.text(n, "resourceContainerGUID", "resourceContainerGuid", "resourceGUID", "GUID", "guid", "id"),
                Json.text(n, "pipelineId", "pipelineID", "pipeline", "type"),
                Json.text(n, "fileGUID", "fileGuid"),
                status == null ? null : status.toLowerCase(Locale.ROOT),
                Json.text(n, "lastProcessed", "processed", "updated"),
                Json.number(n, "rowCount", "rows", "count"),
                Json.text(n, "failureReason", "error", "reason", "message"));
    }

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

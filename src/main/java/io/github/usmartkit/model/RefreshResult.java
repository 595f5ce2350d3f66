package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Html;

/**
 * The outcome of asking one pipeline to process (resourceContainer:process).
 *
 * @param resourceContainerGuid the container
 * @param pipelineId            its pipeline, or null if unknown
 * @param status                the status the service answered (usually {@code queued}), or {@code error}
 * @param error                 the failure's message, or null
 */
public record RefreshResult(String resourceContainerGuid, String pipelineId, String status, String error)
        implements io.github.usmartkit.display.Displayable {

    /** Whether the service accepted the request. */
    public boolean ok() {
        return error == null;
    }

    @Override
    public String toText() {
        return "refresh " + (pipelineId == null ? "" : pipelineId + " ") + resourceContainerGuid + ": "
                + (ok() ? status : "FAILED: " + error);
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-refresh\">" + Html.escape(toText()) + "</div>";
    }

    /** The text view, one line. */
    @Override
    public String toString() {
        return toText();
    }
}

package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.TableStyle;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code dataset:view} says about a dataset. The raw answer stays reachable via
 * {@link #json()} for fields the kit does not model.
 *
 * @param datasetGuid the dataset's GUID
 * @param title       title
 * @param description description, or null
 * @param visibility  {@code public} / {@code private}, or null (assumption)
 * @param updated     last update as the service wrote it, or null (assumption)
 * @param files       the dataset's files
 * @param pipelines   its output pipelines (resource containers)
 * @param json        the whole {@code result} as sent
 */
public record DatasetView(
        @JsonProperty("datasetGUID") @JsonAlias({"datasetGuid", "GUID", "guid", "id"}) String datasetGuid,
        @JsonProperty("title") @JsonAlias("name") String title,
        @JsonProperty("description") @JsonAlias("summary") String description,
        @JsonProperty("visibility") @JsonAlias("access") String visibility,
        @JsonProperty("updated") @JsonAlias({"lastUpdated", "modified"}) String updated,
        @JsonProperty("files") @JsonAlias({"datasetFiles", "file"}) List<FileInfo> files,
        @JsonProperty("resourceContainers") @JsonAlias({"resourceContainer", "pipelines", "outputs"}) List<PipelineInfo> pipelines,
        @JsonIgnore JsonNode json) implements Displayable {

    public DatasetView {
        files = files == null ? List.of() : files.stream().filter(java.util.Objects::nonNull).toList();
        pipelines = pipelines == null ? List.of() : pipelines.stream().filter(java.util.Objects::nonNull).toList();
    }


    /** The file with this GUID or name. */
    public Optional<FileInfo> file(String guidOrName) {
        return files.stream().filter(f -> guidOrName.equals(f.fileGuid()) || guidOrName.equals(f.fileName())).findFirst();
    }

    /** The pipeline with this container GUID. */
    public Optional<PipelineInfo> pipeline(String resourceContainerGuid) {
        return pipelines.stream().filter(p -> resourceContainerGuid.equals(p.resourceContainerGuid())).findFirst();
    }

    /** One row per file: fileGUID, fileName, size (bytes; shown as KiB/MiB), revision, updated, contentType. */
    public Table filesTable() {
        return FileInfo.COLUMNS.table("files of " + label(), files);
    }

    /** One row per output pipeline: resourceContainerGUID, pipelineId, status, rows, lastProcessed, fileGUID, failureReason. */
    public Table pipelinesTable() {
        return PipelineInfo.COLUMNS.table("pipelines of " + label(), pipelines);
    }

    private String label() {
        return title == null ? datasetGuid : title;
    }

    private String heading() {
        return label() + (visibility == null ? "" : " · " + visibility) + " · " + datasetGuid
                + (updated == null ? "" : " · updated " + updated);
    }

    private String filesCaption() {
        return files.isEmpty() ? "no files yet (add(path) adds one)" : TableStyle.count(files.size(), "file", "files");
    }

    private String pipelinesCaption() {
        return pipelines.isEmpty() ? "no output pipelines yet (createPipeline(\"csv-to-api\") makes one)"
                : TableStyle.count(pipelines.size(), "pipeline", "pipelines");
    }

    /** A short summary: title, visibility, description, then the files and the pipelines as small tables. */
    @Override
    public String toHtml() {
        return "<div class=\"usmart-dataset\"><b>" + Html.escape(label()) + "</b>"
                + (visibility == null ? "" : " (" + Html.escape(visibility) + ")") + " <code>" + Html.escape(datasetGuid) + "</code>"
                + (updated == null ? "" : " updated " + Html.escape(updated))
                + (description == null ? "" : "<p>" + Html.escape(description) + "</p>")
                + (files.isEmpty() ? "<p>" + Html.escape(filesCaption()) + "</p>"
                        : TableStyle.html(filesTable(), filesCaption(), TableStyle.MAX_ROWS))
                + (pipelines.isEmpty() ? "<p>" + Html.escape(pipelinesCaption()) + "</p>"
                        : TableStyle.html(pipelinesTable(), pipelinesCaption(), TableStyle.MAX_ROWS))
                + "</div>";
    }

    /** The same summary as text, fitting 120 columns. */
    @Override
    public String toText() {
        return toText(TableStyle.MAX_ROWS);
    }

    /** {@link #toText()} showing up to {@code maxRows} files and pipelines (the command line's status shows them all). */
    public String toText(int maxRows) {
        return heading() + "\n"
                + (description == null || description.isBlank() ? "" : TableStyle.wrap(description, TableStyle.WIDTH))
                + "\n" + (files.isEmpty() ? filesCaption() + "\n" : TableStyle.text(filesTable(), filesCaption(), maxRows))
                + "\n" + (pipelines.isEmpty() ? pipelinesCaption() + "\n"
                        : TableStyle.text(pipelinesTable(), pipelinesCaption(), maxRows));
    }

    /** The text view: what JShell shows when a view is typed alone. */
    @Override
    public String toString() {
        return toText().stripTrailing();
    }
}

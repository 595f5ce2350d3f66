package io.github.usmartkit.model;

import io.github.usmartkit.internal.render.Render;
import io.github.usmartkit.internal.render.Columns;

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

    /** One row per file: fileGUID, fileName, size, revision, updated, contentType. */
    public Table filesTable() {
        return Columns.of(files)
                .text("fileGUID", FileInfo::fileGuid)
                .text("fileName", FileInfo::fileName)
                .number("size", FileInfo::fileSize)
                .number("revision", FileInfo::revision)
                .text("updated", FileInfo::lastUpdated)
                .text("contentType", FileInfo::contentType)
                .table("files of " + label());
    }

    /** One row per output pipeline: resourceContainerGUID, pipelineId, status, rows, lastProcessed, fileGUID, failureReason. */
    public Table pipelinesTable() {
        return Columns.of(pipelines)
                .text("resourceContainerGUID", PipelineInfo::resourceContainerGuid)
                .text("pipelineId", PipelineInfo::pipelineId)
                .text("status", PipelineInfo::status)
                .number("rows", PipelineInfo::rowCount)
                .text("lastProcessed", PipelineInfo::lastProcessed)
                .text("fileGUID", PipelineInfo::fileGuid)
                .text("failureReason", PipelineInfo::failureReason)
                .table("pipelines of " + label());
    }

    private String label() {
        return title == null ? datasetGuid : title;
    }

    private List<List<String>> fileRows() {
        List<List<String>> rows = new ArrayList<>();
        for (FileInfo f : files) {
            rows.add(List.of(Render.str(f.fileGuid()), Render.str(f.fileName()), Render.bytes(f.fileSize()),
                    Render.str(f.revision()), Render.str(f.lastUpdated())));
        }
        return rows;
    }

    private static final List<String> FILE_HEADERS = List.of("fileGUID", "fileName", "size", "revision", "updated");

    @Override
    public String toHtml() {
        return "<div class=\"usmart-dataset\"><b>" + Html.escape(label()) + "</b> <code>" + Html.escape(datasetGuid)
                + "</code>" + (visibility == null ? "" : " (" + Html.escape(visibility) + ")")
                + (description == null ? "" : "<p>" + Html.escape(description) + "</p>")
                + "<p>" + files.size() + " file(s)</p>" + Render.htmlTable(FILE_HEADERS, fileRows())
                + "<p>" + pipelines.size() + " pipeline(s)</p>" + Render.htmlTable(PipelineInfo.DISPLAY_HEADERS, PipelineInfo.displayRows(pipelines))
                + "</div>";
    }

    @Override
    public String toText() {
        return label() + " [" + datasetGuid + "]" + (visibility == null ? "" : " (" + visibility + ")") + "\n"
                + (description == null ? "" : description + "\n")
                + "files:\n" + Render.textTable(FILE_HEADERS, fileRows())
                + "pipelines:\n" + Render.textTable(PipelineInfo.DISPLAY_HEADERS, PipelineInfo.displayRows(pipelines));
    }

    @Override
    public String toString() {
        return "DatasetView[" + label() + " " + datasetGuid + ", " + files.size() + " file(s), "
                + pipelines.size() + " pipeline(s)]";
    }
}

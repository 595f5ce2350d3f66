package io.github.usmartkit.model;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Render;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * The writes a dry-run session planned and did not send, in order.
 *
 * @param writes the planned writes
 */
public record Plan(List<PlannedWrite> writes) implements Displayable {

    public Plan {
        writes = List.copyOf(writes);
    }

    /** Whether nothing would be written. */
    public boolean isEmpty() {
        return writes.isEmpty();
    }

    /** One row per planned write: action, datasetGUID, fileGUID, resourceContainerGUID, fileName, bytes, md5, schemaCheck, note. */
    public Table table() {
        return Columns.of(writes)
                .text("action", PlannedWrite::action)
                .text("datasetGUID", PlannedWrite::datasetGuid)
                .text("fileGUID", PlannedWrite::fileGuid)
                .text("resourceContainerGUID", PlannedWrite::resourceContainerGuid)
                .text("fileName", PlannedWrite::fileName)
                .number("bytes", PlannedWrite::bytes)
                .text("md5", PlannedWrite::md5)
                .text("schemaCheck", PlannedWrite::schemaCheck)
                .text("note", PlannedWrite::note)
                .table("dry run: " + writes.size() + " write(s) planned, none sent");
    }

    private static final List<String> HEADERS = List.of("action", "datasetGUID", "fileGUID", "resourceContainerGUID",
            "fileName", "size", "md5", "schemaCheck", "note");

    private List<List<String>> rows() {
        return writes.stream().map(w -> List.of(Render.str(w.action()), Render.str(w.datasetGuid()), Render.str(w.fileGuid()),
                Render.str(w.resourceContainerGuid()), Render.str(w.fileName()), Render.bytes(w.bytes()), Render.str(w.md5()),
                Render.str(w.schemaCheck()), Render.str(w.note()))).toList();
    }

    private String summary() {
        return "dry run: " + writes.size() + " write(s) planned, none sent";
    }

    @Override
    public String toText() {
        return summary() + "\n" + (writes.isEmpty() ? "" : Render.textTable(HEADERS, rows()));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-plan\"><p>" + Html.escape(summary()) + "</p>"
                + (writes.isEmpty() ? "" : Render.htmlTable(HEADERS, rows())) + "</div>";
    }

    @Override
    public String toString() {
        return summary();
    }
}

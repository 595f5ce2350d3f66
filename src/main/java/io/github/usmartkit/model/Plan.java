package io.github.usmartkit.model;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.TableStyle;
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
        return COLUMNS.table(summary(), writes);
    }

    private static final Columns<PlannedWrite> COLUMNS = Columns.<PlannedWrite>of()
                .text("action", PlannedWrite::action)
                .text("datasetGUID", PlannedWrite::datasetGuid)
                .text("fileGUID", PlannedWrite::fileGuid)
                .text("resourceContainerGUID", PlannedWrite::resourceContainerGuid)
                .text("fileName", PlannedWrite::fileName)
                .bytes("bytes", PlannedWrite::bytes)
                .text("md5", PlannedWrite::md5)
                .text("schemaCheck", PlannedWrite::schemaCheck)
                .text("note", PlannedWrite::note);


    private String summary() {
        return "dry run: " + writes.size() + " write(s) planned, none sent";
    }

    @Override
    public String toText() {
        return summary() + "\n" + (writes.isEmpty() ? "" : TableStyle.text(table(), null, TableStyle.MAX_ROWS));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-plan\"><p>" + Html.escape(summary()) + "</p>"
                + (writes.isEmpty() ? "" : TableStyle.html(table(), null, TableStyle.MAX_ROWS)) + "</div>";
    }

    @Override
    public String toString() {
        return summary();
    }
}

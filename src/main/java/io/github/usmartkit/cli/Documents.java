package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.bulk.BulkLine;
import io.github.usmartkit.bulk.BulkReport;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.PipelineCheck;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.Plan;
import io.github.usmartkit.model.ProcessingReport;
import io.github.usmartkit.model.RefreshResult;
import io.github.usmartkit.model.RefreshResults;
import io.github.usmartkit.model.VerifyReport;
import io.github.usmartkit.upload.PublishReport;
import io.github.usmartkit.upload.UploadResult;
import picocli.CommandLine;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.time.Duration;
import java.util.List;

/**
 * The JSON documents {@code --json} prints, built field by field: their shape is a contract with
 * the scripts that read them (see the README's "The command line"), not whatever a record happens
 * to hold. Names follow uSmart's where it has one ({@code fileGUID}, {@code resourceContainerGUID}).
 */
final class Documents {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Documents() {
    }

    static ObjectNode error(Throwable e) {
        ObjectNode n = Json.object();
        n.put("kind", e instanceof CommandLine.ParameterException ? "UsageError" : e.getClass().getSimpleName());
        n.put("message", Reports.message(e));
        if (e instanceof USmartException u) {
            n.put("action", u.action());
            n.put("guid", u.guid().orElse(null));
            n.put("what", CliAdvice.rewrite(u.what()));
            n.put("whatToDo", CliAdvice.advice(u.whatToDo()));
            if (u.status() > 0) {
                n.put("status", u.status());
            }
            n.put("serviceCode", u.serviceCode().orElse(null));
            n.put("serviceMessage", u.serviceMessage().orElse(null));
        }
        return n;
    }

    static ObjectNode upload(UploadResult u) {
        ObjectNode n = Json.object();
        n.put("outcome", u.outcome());
        n.put("action", u.action());
        n.put("datasetGUID", u.datasetGuid());
        n.put("fileGUID", u.fileGuid());
        n.put("fileName", u.fileName());
        n.put("bytes", u.bytes());
        n.put("revision", u.revision());
        n.put("md5", u.md5());
        n.set("warnings", strings(u.warnings()));
        return n;
    }

    static ObjectNode publish(PublishReport r) {
        ObjectNode n = Json.object();
        n.put("outcome", r.outcome());
        n.put("datasetGUID", r.datasetGuid());
        n.put("fileGUID", r.fileGuid());
        n.put("revision", r.upload().revision());
        n.put("fileName", r.upload().fileName());
        n.put("bytes", r.upload().bytes());
        n.put("md5", r.upload().md5());
        n.put("rows", r.preflight().rows());
        n.set("columns", strings(r.preflight().columns()));
        n.put("verified", r.verify() != null && r.verify().ok());
        n.set("upload", upload(r.upload()));
        n.set("refresh", r.refresh() == null ? null : refresh(r.refresh()));
        n.set("processing", r.processing() == null ? null : processing(r.processing()));
        n.set("verify", r.verify() == null ? null : verify(r.verify()));
        n.set("warnings", strings(r.warnings()));
        n.put("durationMs", r.took().toMillis());
        return n;
    }

    static ObjectNode refresh(RefreshResults r) {
        ObjectNode n = Json.object();
        n.put("datasetGUID", r.datasetGuid());
        n.put("ok", r.ok());
        ArrayNode a = n.putArray("pipelines");
        for (RefreshResult x : r.results()) {
            a.add(Json.object().put("resourceContainerGUID", x.resourceContainerGuid()).put("pipelineId", x.pipelineId())
                    .put("status", x.status()).put("error", x.error()));
        }
        return n;
    }

    static ObjectNode processing(ProcessingReport p) {
        ObjectNode n = Json.object();
        n.put("datasetGUID", p.datasetGuid());
        n.put("ok", p.ok());
        n.put("waitedMs", p.waited().toMillis());
        n.set("pipelines", pipelines(p.pipelines()));
        return n;
    }

    static ObjectNode verify(VerifyReport v) {
        ObjectNode n = Json.object();
        n.put("ok", v.ok());
        n.put("datasetGUID", v.datasetGuid());
        n.put("fileGUID", v.fileGuid());
        n.put("localFile", v.localFile());
        n.put("rows", v.rows());
        n.set("columns", strings(v.columns()));
        ArrayNode a = n.putArray("pipelines");
        for (PipelineCheck c : v.checks()) {
            a.add(Json.object().put("resourceContainerGUID", c.resourceContainerGuid()).put("pipelineId", c.pipelineId())
                    .put("status", c.status()).put("expectedRows", c.expectedRows()).put("publishedRows", c.publishedRows())
                    .put("ok", c.ok()).put("note", c.note())
                    .<ObjectNode>set("missingColumns", strings(c.missingColumns())).set("extraColumns", strings(c.extraColumns())));
        }
        return n;
    }

    static ArrayNode pipelines(List<PipelineInfo> ps) {
        ArrayNode a = F.arrayNode();
        for (PipelineInfo p : ps) {
            a.add(Json.object().put("resourceContainerGUID", p.resourceContainerGuid()).put("pipelineId", p.pipelineId())
                    .put("fileGUID", p.fileGuid()).put("status", p.status()).put("rows", p.rowCount())
                    .put("lastProcessed", p.lastProcessed()).put("failureReason", p.failureReason()));
        }
        return a;
    }

    static ObjectNode view(DatasetView v) {
        ObjectNode n = Json.object();
        n.put("datasetGUID", v.datasetGuid());
        n.put("title", v.title());
        n.put("visibility", v.visibility());
        ArrayNode files = n.putArray("files");
        v.files().forEach(f -> files.add(Json.object().put("fileGUID", f.fileGuid()).put("fileName", f.fileName())
                .put("bytes", f.fileSize()).put("revision", f.revision()).put("lastUpdated", f.lastUpdated())
                .put("contentType", f.contentType()).put("md5", f.md5())));
        n.set("pipelines", pipelines(v.pipelines()));
        return n;
    }

    static ArrayNode plan(Plan p) {
        ArrayNode a = F.arrayNode();
        p.writes().forEach(w -> a.add(Json.object().put("action", w.action()).put("datasetGUID", w.datasetGuid())
                .put("fileGUID", w.fileGuid()).put("resourceContainerGUID", w.resourceContainerGuid()).put("fileName", w.fileName())
                .put("bytes", w.bytes()).put("md5", w.md5()).put("schemaCheck", w.schemaCheck()).put("note", w.note())
                .put("text", w.toText())));
        return a;
    }

    static ObjectNode bulk(BulkReport r) {
        ObjectNode n = Json.object();
        n.put("manifest", r.manifest());
        n.put("ok", r.ok());
        n.put("lines", r.lines().size());
        n.put("failed", r.failed().size());
        n.put("durationMs", r.took().toMillis());
        ArrayNode a = n.putArray("results");
        for (BulkLine l : r.lines()) {
            a.add(Json.object().put("line", l.line()).put("datasetGUID", l.datasetGuid()).put("fileGUID", l.fileGuid())
                    .put("path", l.path()).put("pipelineId", l.pipelineId()).put("outcome", l.outcome()).put("revision", l.revision())
                    .put("rows", l.rows()).put("durationMs", millis(l.took())).put("error", CliAdvice.rewrite(l.error())).put("errorKind", l.errorKind())
                    .put("note", l.note()));
        }
        return n;
    }

    /** A table as an array of rows (objects by column name), with raw values, not their display format. */
    static ArrayNode table(Table t) {
        ArrayNode rows = F.arrayNode();
        for (int i = 0; i < t.rowCount(); i++) {
            ObjectNode row = rows.addObject();
            for (Column<?> c : t.columns()) {
                row.set(c.name(), value(c, i));
            }
        }
        return rows;
    }

    private static JsonNode value(Column<?> c, int i) {
        if (c.isMissing(i)) {
            return F.nullNode();
        }
        Object v = c.get(i);
        if (v instanceof Integer x) {
            return F.numberNode(x);
        }
        if (v instanceof Long x) {
            return F.numberNode(x);
        }
        if (v instanceof Double x) {
            return F.numberNode(x);
        }
        if (v instanceof Float x) {
            return F.numberNode(x);
        }
        if (v instanceof Short x) {
            return F.numberNode(x);
        }
        if (v instanceof Boolean x) {
            return F.booleanNode(x);
        }
        return F.textNode(String.valueOf(v));
    }

    static ArrayNode strings(List<String> items) {
        ArrayNode a = F.arrayNode();
        if (items != null) {
            items.forEach(a::add);
        }
        return a;
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }
}

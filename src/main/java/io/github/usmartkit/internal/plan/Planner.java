package io.github.usmartkit.internal.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.internal.history.History;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.model.Plan;
import io.github.usmartkit.model.PlannedWrite;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan of a dry-run session: each write it would have made, printed as it is planned,
 * collected for {@code plan()} and recorded in the history as {@code planned}. The transport
 * asks it for an answer instead of sending any write ({@link #intercept}), so that a write the
 * kit's own code did not foresee (an action called by name) is not sent either.
 */
public final class Planner {

    private final List<PlannedWrite> writes = new ArrayList<>();
    private final PrintStream out;
    private final History history;
    private final String org;

    public Planner(PrintStream out, History history, String org) {
        this.out = out;
        this.history = history;
        this.org = org;
    }

    /** Records a planned write. */
    public void plan(PlannedWrite w) {
        synchronized (writes) {
            writes.add(w);
        }
        if (out != null) {
            out.println("DRY RUN, not sent: " + Redaction.clean(w.toText()));
        }
        history.record(new History.Entry(w.time(), org, w.action(), w.datasetGuid(),
                w.fileGuid() != null ? w.fileGuid() : w.resourceContainerGuid(), w.fileName(), w.bytes(), w.md5(), null,
                "planned", 0L, w.schemaCheck() == null ? w.note() : "schema: " + w.schemaCheck()));
    }

    /** The writes planned so far. */
    public Plan plan() {
        synchronized (writes) {
            return new Plan(writes);
        }
    }

    /**
     * Plans a write action instead of sending it, and returns the answer the kit reads in its
     * place: the request's fields with {@code "status": "planned"} and {@code "dryRun": true}.
     */
    public JsonNode intercept(String action, String guid, JsonNode body) {
        String dataset = text(body, "datasetGUID");
        String file = text(body, "fileGUID");
        String rc = text(body, "resourceContainerGUID");
        JsonNode size = body == null ? null : body.get("fileSize");
        plan(new PlannedWrite(Instant.now(), action, dataset, file, rc, text(body, "fileName"),
                size != null && size.canConvertToLong() ? size.asLong() : null, null, null,
                dataset == null && file == null && rc == null && guid != null ? "about " + guid : null));
        ObjectNode answer = body != null && body.isObject() ? ((ObjectNode) body).deepCopy() : Json.object();
        answer.put("status", "planned");
        answer.put("dryRun", true);
        return answer;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n == null ? null : n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}

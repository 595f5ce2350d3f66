package io.github.usmartkit.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;

import java.util.Iterator;
import java.util.List;

/**
 * Reads the service's answers into the kit's models, and refuses an answer that is not what the
 * contract promises rather than reading it as an empty one: a {@code dataset:view} whose
 * {@code result} is missing, null, text or a list, or an object with neither files nor
 * containers, is a {@link ServiceException} naming what arrived — never "0 files, 0 pipelines".
 */
public final class Answers {

    /** The spellings of the files and containers lists that {@link DatasetView} accepts. */
    private static final List<String> FILES = List.of("files", "datasetFiles", "file");
    private static final List<String> CONTAINERS = List.of("resourceContainers", "resourceContainer", "pipelines", "outputs");

    private Answers() {
    }

    /**
     * A {@code dataset:view} result as a {@link DatasetView}.
     *
     * @param requestedGuid the dataset asked for (used when the answer does not repeat its GUID)
     * @param result        the answer's {@code result} (null when the answer had none)
     * @throws ServiceException if it is not a dataset object
     */
    public static DatasetView datasetView(String requestedGuid, JsonNode result) {
        if (result == null || result.isMissingNode() || result.isNull()) {
            throw notADataset(requestedGuid, "an answer without a result");
        }
        if (!result.isObject()) {
            throw notADataset(requestedGuid, "a result that is " + kind(result) + " ("
                    + Redaction.excerpt(Redaction.clean(result.toString()), 80) + ")");
        }
        if (!hasList(result, FILES) && !hasList(result, CONTAINERS)) {
            throw notADataset(requestedGuid, "an object without files or resourceContainers (its keys: " + keys(result) + ")");
        }
        DatasetView v;
        try {
            v = Json.bind(result, DatasetView.class);
        } catch (IllegalArgumentException e) {
            throw notADataset(requestedGuid, "a dataset the kit cannot read: " + e.getMessage());
        }
        String guid = v.datasetGuid() == null ? requestedGuid : v.datasetGuid();
        return new DatasetView(guid, v.title(), v.description(), v.visibility(), v.updated(), v.files(), v.pipelines(), result);
    }

    /** A file object (a field that cannot be read is null). */
    public static FileInfo file(JsonNode n) {
        return n != null && n.isObject() ? bindOrEmpty(n, FileInfo.class) : new FileInfo(null, null, null, null, null, null, null);
    }

    /** A container object (a field that cannot be read is null). */
    public static PipelineInfo pipeline(JsonNode n) {
        return n != null && n.isObject() ? bindOrEmpty(n, PipelineInfo.class) : new PipelineInfo(null, null, null, null, null, null, null);
    }

    private static <T> T bindOrEmpty(JsonNode n, Class<T> type) {
        try {
            return Json.bind(n, type);
        } catch (IllegalArgumentException e) {
            return Json.bind(Json.object(), type);
        }
    }

    private static boolean hasList(JsonNode n, List<String> names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && (v.isArray() || v.isObject())) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String keys(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (Iterator<String> it = n.fieldNames(); it.hasNext() && i < 12; i++) {
            sb.append(i == 0 ? "" : ", ").append(it.next());
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static ServiceException notADataset(String guid, String arrived) {
        return new ServiceException(Failure.of("dataset:view", guid, "the service answered " + arrived + " where a dataset was expected",
                "Nothing was changed. Check that USMART_BASE_URL points at the uSmart API and not at a proxy or web page;"
                        + " if it does, report the answer to uSmart").withStatus(200));
    }
}

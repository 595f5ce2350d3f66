package io.github.usmartkit.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.json.Answers;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The control-plane actions as typed calls: each builds its body as the contract names its fields
 * and reads its answer into a model. The one place that knows the request bodies; repeats are
 * decided by each {@link Action}'s declaration.
 */
public final class UsmartApi {

    private final Transport transport;

    public UsmartApi(Transport transport) {
        this.transport = transport;
    }

    public Transport transport() {
        return transport;
    }

    /** {@code dataset:view}. */
    public DatasetView view(String datasetGuid) {
        ObjectNode body = Json.object().put("datasetGUID", datasetGuid);
        return Answers.datasetView(datasetGuid, transport.action(Action.DATASET_VIEW, datasetGuid, body));
    }

    /** {@code dataset:view} within a given deadline (a poll that must end with the time its caller has left). */
    public DatasetView view(String datasetGuid, Deadline deadline) {
        ObjectNode body = Json.object().put("datasetGUID", datasetGuid);
        return Answers.datasetView(datasetGuid, transport.action(Action.DATASET_VIEW, datasetGuid, body, deadline));
    }

    /** A signed PUT request as {@code s3:generatePutRequest} returns it (its URL's query is a credential). */
    public record SignedPut(URI url, String contentType, String reference) {
        @Override
        public String toString() {
            return "SignedPut[" + Redaction.withoutQuery(url.toString()) + ", " + contentType + ", " + reference + "]";
        }
    }

    /**
     * {@code s3:generatePutRequest} for {@code fileName}.
     *
     * @param guid the GUID the upload is for (for messages)
     * @throws ServiceException if the answer lacks the URL, its content type or the reference
     */
    public SignedPut signedPut(String fileName, String guid) {
        return signedPut(fileName, guid, deadline());
    }

    /**
     * {@link #signedPut(String, String)} within a given deadline: a retried PUT's fresh URL comes
     * out of the PUT's own time, not a deadline of its own.
     */
    public SignedPut signedPut(String fileName, String guid, Deadline deadline) {
        JsonNode r = transport.action(Action.GENERATE_PUT_REQUEST, guid, Json.object().put("fileName", fileName), deadline);
        String url = text(r, "signedRequest", "signedUrl", "url");
        String ct = text(r, "contentType", "ContentType");
        String ref = text(r, "reference", "key");
        List<String> missing = new ArrayList<>();
        if (url == null) {
            missing.add("signedRequest");
        }
        if (ct == null) {
            missing.add("contentType");
        }
        if (ref == null) {
            missing.add("reference");
        }
        if (!missing.isEmpty()) {
            throw new ServiceException(Failure.of(Action.GENERATE_PUT_REQUEST.name(), guid,
                    "the service's answer lacks " + String.join(", ", missing),
                    "Nothing was uploaded; try again later or report it to uSmart").withStatus(200)
                    .withService(null, "answer without " + String.join(", ", missing) + ": "
                            + Redaction.excerpt(Redaction.clean(r == null ? "" : r.toString()), 160)));
        }
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
            if (!uri.getScheme().equalsIgnoreCase("https") && !uri.getScheme().equalsIgnoreCase("http")) {
                // the JDK client would refuse it later with a raw IllegalArgumentException
                throw new IllegalArgumentException("not an http(s) URL: " + uri.getScheme());
            }
            return new SignedPut(uri, ct, ref);
        } catch (IllegalArgumentException e) {
            // The reason only: URI's own message repeats the URL, signature and all.
            String why = e.getCause() instanceof java.net.URISyntaxException u ? u.getReason() + " at index " + u.getIndex() : e.getMessage();
            throw new ServiceException(Failure.of(Action.GENERATE_PUT_REQUEST.name(), guid,
                    "the signed URL returned cannot be used (" + why + ")",
                    "Nothing was uploaded; report it to uSmart").withStatus(200));
        }
    }

    /** {@code file:create}: sent once (the caller checks whether it landed before repeating). */
    public FileInfo fileCreate(String datasetGuid, String reference, String fileName, long fileSize, Deadline deadline) {
        ObjectNode body = Json.object().put("datasetGUID", datasetGuid).put("reference", reference)
                .put("fileName", fileName).put("fileSize", fileSize);
        return Answers.file(transport.action(Action.FILE_CREATE, datasetGuid, body, deadline));
    }

    /** {@code file:updateRevision}: sent once (the caller checks whether it landed before repeating). */
    public FileInfo updateRevision(String fileGuid, String reference, String fileName, long fileSize, Deadline deadline) {
        ObjectNode body = Json.object().put("reference", reference).put("fileName", fileName).put("fileGUID", fileGuid)
                .put("fileSize", fileSize).put("action", Action.FILE_UPDATE_REVISION.name());
        return Answers.file(transport.action(Action.FILE_UPDATE_REVISION, fileGuid, body, deadline));
    }

    /** {@code resourceContainer:create} for the dataset's first file, or {@code fileGuid}: sent once. */
    public PipelineInfo containerCreate(String datasetGuid, String pipelineId, String fileGuid, Deadline deadline) {
        ObjectNode body = Json.object().put("datasetGUID", datasetGuid).put("pipelineId", pipelineId);
        if (fileGuid != null) {
            body.put("fileGUID", fileGuid);
        }
        return Answers.pipeline(transport.action(Action.CONTAINER_CREATE, datasetGuid, body, deadline));
    }

    /** {@code resourceContainer:process} (asynchronous on the service; safe to repeat). */
    public PipelineInfo process(String resourceContainerGuid) {
        ObjectNode body = Json.object().put("resourceContainerGUID", resourceContainerGuid);
        return Answers.pipeline(transport.action(Action.CONTAINER_PROCESS, resourceContainerGuid, body));
    }

    /** A new deadline for one call. */
    public Deadline deadline() {
        return transport.retrier().deadline();
    }

    private static String text(JsonNode n, String... names) {
        if (n == null || !n.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }
}

package io.github.usmartkit.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /org/{org}/{action}}: the write API and dataset:view. */
final class ControlPlane {
    static final String BUCKET = "usmart-uploads";
    static final List<String> PIPELINES = List.of("csv-to-api", "csv-to-download", "csv-to-geojson");

    /** action → least role */
    private static final Map<String, String> ACTIONS = Map.of(
            "dataset:view", "Viewer",
            "s3:generatePutRequest", "Provider",
            "file:create", "Provider",
            "file:updateRevision", "Provider",
            "resourceContainer:create", "Provider",
            "resourceContainer:process", "Provider");

    private final SandboxServer server;

    ControlPlane(SandboxServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex, String org, String action) throws IOException {
        SandboxFaults.Fault after = server.injectFault(ex, action);
        if (after == null) {
            Exchanges.json(ex, 200, answer(ex, org, action));
            return;
        }
        try {
            answer(ex, org, action);
        } catch (ApiError refused) {
            // a lost answer is lost whatever it said; a refused action changed nothing
        }
        server.loseAnswer(ex, action, after);
    }

    /** Carries the action out (its effect is committed when this returns) and returns the envelope. */
    private ObjectNode answer(HttpExchange ex, String org, String action) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            throw new ApiError(405, "MethodNotAllowed", ex.getRequestMethod() + " is not allowed on /org/{org}/" + action + "; actions are called with POST and a JSON body");
        }
        server.requireOrg(org);
        State.User user = server.authenticate(ex, org, true);
        String least = ACTIONS.get(action);
        if (least == null) {
            throw new ApiError(404, "UnknownAction", "unknown action '" + action + "'; known actions: " + String.join(", ", ACTIONS.keySet().stream().sorted().toList()));
        }
        if (SandboxServer.rank(user.role) < SandboxServer.rank(least)) {
            throw new ApiError(403, "Forbidden", action + " needs the " + least + " role or higher; key " + user.keyId + " has " + user.role);
        }
        ObjectNode body = parseBody(ex);
        JsonNode declared = body.get("action");
        if (declared != null && !(declared.isTextual() && declared.asText().equals(action))) {
            throw ApiError.validation("field 'action' is " + declared + " but the URL calls " + action + "; leave it out or make them equal");
        }
        String base = server.baseUrl(ex);
        Object result = switch (action) {
            case "dataset:view" -> datasetView(base, org, text(body, "datasetGUID"));
            case "s3:generatePutRequest" -> generatePutRequest(base, text(body, "fileName"));
            case "file:create" -> fileCreate(org, body);
            case "file:updateRevision" -> fileUpdateRevision(org, body);
            case "resourceContainer:create" -> containerCreate(base, org, body);
            case "resourceContainer:process" -> containerProcess(org, text(body, "resourceContainerGUID"));
            default -> throw new IllegalStateException(action);
        };
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.set("result", Json.MAPPER.valueToTree(result));
        return envelope;
    }

    private static ObjectNode parseBody(HttpExchange ex) throws IOException {
        byte[] bytes = Exchanges.readBody(ex, Exchanges.MAX_BODY);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ApiError(400, "MalformedJson", "the request body is not valid JSON; send a JSON object such as {\"datasetGUID\": \"…\"} with Content-Type: application/json");
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(400, "MalformedJson", "the request body must be a JSON object, not " + (node == null || node.isMissingNode() ? "empty" : node.getNodeType().toString().toLowerCase()));
        }
        return (ObjectNode) node;
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.validation("field '" + field + "' is missing; it must be a string");
        }
        if (!v.isTextual()) {
            throw ApiError.validation("field '" + field + "' must be a string, not " + v.getNodeType().toString().toLowerCase());
        }
        if (v.asText().isBlank()) {
            throw ApiError.validation("field '" + field + "' is empty");
        }
        return v.asText();
    }

    private static long size(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.validation("field '" + field + "' is missing; it must be the uploaded file's size in bytes");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw ApiError.validation("field '" + field + "' must be a whole number of bytes >= 0, not " + v);
        }
        return v.asLong();
    }

    // ---- dataset:view

    private ObjectNode datasetView(String base, String org, String datasetGUID) {
        return server.store.read(s -> {
            State.Dataset d = dataset(s, org, datasetGUID);
            return view(base, s.orgs.get(org), d);
        });
    }

    static State.Dataset dataset(State s, String org, String guid) {
        State.Dataset d = s.orgs.get(org).datasets.get(guid);
        if (d == null) {
            throw ApiError.notFound("no dataset " + guid + " in organisation " + org);
        }
        return d;
    }

    private ObjectNode view(String base, State.Org o, State.Dataset d) {
        String org = o.guid;
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("datasetGUID", d.guid);
        n.put("organisationGUID", org);
        n.put("title", d.title);
        n.put("description", d.description);
        n.put("visibility", d.visibility);
        n.put("status", d.status);
        n.put("licence", d.licence);
        n.set("keywords", Json.MAPPER.valueToTree(d.keywords));
        n.put("theme", d.theme);
        n.put("publisher", d.publisher);
        n.put("contactPoint", d.contactPoint);
        n.put("created", d.created);
        n.put("updated", d.updated);
        n.put("landingPage", PublicUrls.landingPage(base, o.slug, d.guid));
        ArrayNode files = n.putArray("files");
        for (State.FileRec f : d.files) {
            files.add(fileNode(d, f));
        }
        ArrayNode rcs = n.putArray("resourceContainers");
        for (State.Container c : d.containers) {
            rcs.add(containerNode(base, org, c));
        }
        return n;
    }

    private static ObjectNode fileNode(State.Dataset d, State.FileRec f) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("fileGUID", f.fileGUID);
        n.put("datasetGUID", d.guid);
        n.put("fileName", f.fileName);
        n.put("fileSize", f.fileSize);
        n.put("contentType", f.contentType);
        n.put("revision", f.revision);
        n.put("created", f.created);
        n.put("lastUpdated", f.lastUpdated);
        n.put("md5", f.md5);
        return n;
    }

    private static ObjectNode containerNode(String base, String org, State.Container c) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("resourceContainerGUID", c.guid);
        n.put("pipelineId", c.pipelineId);
        n.put("fileGUID", c.fileGUID);
        n.put("status", c.status);
        n.put("lastProcessed", c.lastProcessed);
        if (c.rowCount == null) {
            n.putNull("rowCount");
        } else {
            n.put("rowCount", c.rowCount);
        }
        n.put("failureReason", c.failureReason);
        n.put("apiUrl", PublicUrls.api(base, org, c.guid, "latest"));
        n.put("downloadUrl", PublicUrls.file(base, org, c.fileGUID));
        return n;
    }

    // ---- s3:generatePutRequest

    private ObjectNode generatePutRequest(String base, String fileName) {
        String contentType = ContentTypes.of(fileName);
        String uuid = UUID.randomUUID().toString();
        String key = "uploads/" + uuid + "/" + fileName;
        long expires = server.nextUrlExpired()
                ? Instant.now().getEpochSecond() - 1
                : Instant.now().plus(server.config.urlExpiry()).getEpochSecond();
        String signature = server.signer.sign("PUT", contentType, expires, "/s3/" + BUCKET + "/" + key);
        // a '/' inside fileName stays part of one path segment, so it is encoded
        String rawPath = "/s3/" + BUCKET + "/uploads/" + uuid + "/"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("signedRequest", base + rawPath + "?X-Usmart-Expires=" + expires + "&X-Usmart-Signature=" + signature);
        n.put("contentType", contentType);
        n.put("reference", key);
        return n;
    }

    // ---- file:create / file:updateRevision

    private ObjectNode fileCreate(String org, ObjectNode body) {
        String datasetGUID = text(body, "datasetGUID");
        String reference = text(body, "reference");
        String fileName = text(body, "fileName");
        long fileSize = size(body, "fileSize");
        return server.store.write(s -> {
            State.Dataset d = dataset(s, org, datasetGUID);
            State.StoredObject o = checkReference(s, reference, fileSize);
            String now = SandboxStore.now();
            State.FileRec f = new State.FileRec();
            f.fileGUID = UUID.randomUUID().toString();
            f.content(fileName, o.size, o.md5, o.blob, now);
            f.revision = 1;
            f.created = now;
            d.files.add(f);
            d.updated = now;
            return fileNode(d, f);
        });
    }

    private ObjectNode fileUpdateRevision(String org, ObjectNode body) {
        String reference = text(body, "reference");
        String fileName = text(body, "fileName");
        String fileGUID = text(body, "fileGUID");
        long fileSize = size(body, "fileSize");
        return server.store.write(s -> {
            State.Dataset owner = null;
            State.FileRec f = null;
            for (State.Dataset d : s.orgs.get(org).datasets.values()) {
                for (State.FileRec candidate : d.files) {
                    if (candidate.fileGUID.equals(fileGUID)) {
                        owner = d;
                        f = candidate;
                    }
                }
            }
            if (f == null) {
                throw ApiError.notFound("no file " + fileGUID + " in organisation " + org + "; dataset:view lists each file's fileGUID");
            }
            State.StoredObject o = checkReference(s, reference, fileSize);
            String now = SandboxStore.now();
            f.content(fileName, o.size, o.md5, o.blob, now);
            f.revision++;
            owner.updated = now;
            return fileNode(owner, f);
        });
    }

    /** The object at {@code reference}, marked registered (the caller is about to take it), or InvalidReference. */
    private static State.StoredObject checkReference(State s, String reference, long fileSize) {
        State.StoredObject o = s.objects.get(reference);
        if (o == null) {
            throw new ApiError(400, "InvalidReference", "no uploaded object at reference '" + reference
                    + "'; PUT the file to the signedRequest of s3:generatePutRequest first and check that it answered 200"
                    + " (uploads never registered are deleted after a while)");
        }
        if (o.size != fileSize) {
            throw new ApiError(400, "InvalidReference", "the object at reference '" + reference + "' holds " + o.size
                    + " bytes but fileSize says " + fileSize + "; upload the whole file again");
        }
        o.registered = true;
        return o;
    }

    // ---- resourceContainer:create / process

    private ObjectNode containerCreate(String base, String org, ObjectNode body) {
        String datasetGUID = text(body, "datasetGUID");
        String pipelineId = text(body, "pipelineId");
        String fileGUID = body.hasNonNull("fileGUID") ? text(body, "fileGUID") : null;
        if (!PIPELINES.contains(pipelineId)) {
            throw ApiError.validation("field 'pipelineId' is '" + pipelineId + "', which the sandbox does not know; known pipelineIds: " + String.join(", ", PIPELINES));
        }
        return server.store.write(s -> {
            State.Dataset d = dataset(s, org, datasetGUID);
            String file;
            if (fileGUID == null) {
                if (d.files.isEmpty()) {
                    throw ApiError.validation("dataset " + datasetGUID + " has no files yet; add one with file:create first (or name one with 'fileGUID')");
                }
                file = d.files.get(0).fileGUID;
            } else {
                if (d.files.stream().noneMatch(f -> f.fileGUID.equals(fileGUID))) {
                    throw ApiError.notFound("no file " + fileGUID + " in dataset " + datasetGUID);
                }
                file = fileGUID;
            }
            State.Container c = new State.Container();
            c.guid = UUID.randomUUID().toString();
            c.pipelineId = pipelineId;
            c.fileGUID = file;
            c.status = "new";
            c.created = SandboxStore.now();
            d.containers.add(c);
            d.updated = c.created;
            return containerNode(base, org, c);
        });
    }

    private ObjectNode containerProcess(String org, String guid) {
        server.store.read(s -> Pipelines.find(s, org, guid));
        server.pipelines.process(org, guid);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("resourceContainerGUID", guid);
        n.put("status", "queued");
        return n;
    }
}

package io.github.usmartkit.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The sandbox's state after the soak held against what the kit reported: what dataset:view shows
 * (files, revisions, MD5s, pipelines), what the public download serves, and what the data
 * directory holds (each uploaded object, whether a registration took it, its blob). Each finding
 * that is not as the kit reported is an anomaly; each "may have landed" is resolved to landed or
 * not and counted apart.
 */
final class SoakCheck {

    private final List<SoakOp> ops;
    private final List<Soak.Home> homes;
    private final Map<String, int[]> setup;
    private final Map<String, DatasetView> views;
    private final JsonNode state;
    private final Path blobs;
    private final Function<String, byte[]> download;
    private final String pipelineId;

    final List<String> anomalies = new ArrayList<>();
    int unknownLanded;
    int unknownNotLanded;
    int filesChecked;
    int objectsChecked;
    /** Publishes that failed after their replace had landed (the history says replaced; the caller got the later failure). */
    int publishFailedAfterReplace;

    SoakCheck(List<SoakOp> ops, List<Soak.Home> homes, Map<String, int[]> setup, Map<String, DatasetView> views, JsonNode state,
              Path blobs, Function<String, byte[]> download, String pipelineId) {
        this.ops = ops;
        this.homes = homes;
        this.setup = setup;
        this.views = views;
        this.state = state;
        this.blobs = blobs;
        this.download = download;
        this.pipelineId = pipelineId;
    }

    void run() {
        for (SoakOp op : ops) {
            for (String f : op.findings) { // what the worker saw at once (a report that is not ok, a pipeline of another file)
                if (f.startsWith("anomaly: ")) {
                    anomalies.add(op + ": " + f.substring(9));
                }
            }
            if (SoakOp.UNCLEAR.equals(op.outcome)) {
                anomaly(op, "not a clear kit error: " + op.error + ": " + op.what + (op.trace == null ? "" : "\n" + op.trace));
            }
        }
        Map<String, JsonNode> objects = new HashMap<>();
        state.path("objects").fields().forEachRemaining(e -> objects.put(e.getKey(), e.getValue()));
        storedBytes(objects);
        adds();
        homeFiles(objects);
        pipelines();
    }

    private void anomaly(SoakOp op, String what) {
        op.findings.add("anomaly: " + what);
        anomalies.add(op + ": " + what);
    }

    // ---- every registered revision has its object, of its size and MD5

    private void storedBytes(Map<String, JsonNode> objects) {
        Map<String, JsonNode> stateFiles = new HashMap<>();
        state.path("orgs").forEach(org -> org.path("datasets").forEach(d -> d.path("files")
                .forEach(f -> stateFiles.put(f.path("fileGUID").asText(), f))));
        for (DatasetView v : views.values()) {
            for (FileInfo f : v.files()) {
                filesChecked++;
                String where = "file " + f.fileGuid() + " (" + f.fileName() + ", revision " + f.revision() + ", dataset " + v.datasetGuid() + ")";
                byte[] served = download.apply(f.fileGuid());
                if (f.fileSize() == null || served.length != f.fileSize() || !md5(served).equalsIgnoreCase(String.valueOf(f.md5()))) {
                    anomalies.add(where + ": the public download holds " + served.length + " bytes of MD5 " + md5(served)
                            + ", dataset:view says " + f.fileSize() + " bytes of MD5 " + f.md5());
                }
                JsonNode s = stateFiles.get(f.fileGuid());
                Path blob = s == null ? null : blobs.resolve(s.path("blob").asText());
                if (blob == null || !Files.isRegularFile(blob)) {
                    anomalies.add(where + ": its registered object is missing from the store (" + blob + ")");
                } else if (size(blob) != f.fileSize()) {
                    anomalies.add(where + ": its registered object holds " + size(blob) + " bytes, not " + f.fileSize());
                }
            }
        }
        for (JsonNode o : objects.values()) {
            if (!o.path("registered").asBoolean()) {
                continue;
            }
            objectsChecked++;
            Path blob = blobs.resolve(o.path("blob").asText());
            if (!Files.isRegularFile(blob) || size(blob) != o.path("size").asLong()) {
                anomalies.add("registered object " + o.path("key").asText() + ": its blob is " + (Files.isRegularFile(blob)
                        ? size(blob) + " bytes, not " + o.path("size").asLong() : "missing"));
            }
        }
    }

    // ---- add: exactly one file of its name when it said added, none when it said failed

    private void adds() {
        Set<String> names = new java.util.HashSet<>();
        for (SoakOp op : ops) {
            if (!SoakOp.ADD.equals(op.kind)) {
                continue;
            }
            names.add(op.name);
            List<FileInfo> found = views.get(op.dataset).files().stream().filter(f -> op.name.equals(f.fileName())).toList();
            if (found.size() > 1) {
                anomaly(op, "duplicate files: " + found.size() + " files named " + op.name + ": " + found);
            }
            List<JsonNode> writes = op.writes("file:create");
            switch (op.outcome) {
                case SoakOp.OK -> {
                    if (found.isEmpty()) {
                        anomaly(op, "reported added as file " + op.reportedFile + " but dataset " + op.dataset + " has no file " + op.name);
                    } else if (!found.get(0).fileGuid().equals(op.reportedFile) || !op.md5.equalsIgnoreCase(found.get(0).md5())
                            || found.get(0).fileSize() != op.bytes || !op.md5.equalsIgnoreCase(String.valueOf(op.reportedMd5))) {
                        anomaly(op, "reported added as file " + op.reportedFile + " (MD5 " + op.reportedMd5 + ") of " + op.bytes
                                + " bytes of MD5 " + op.md5 + ", but the dataset holds " + found.get(0));
                    }
                    if (writes.size() != 1 || !"added".equals(writes.get(0).path("outcome").asText())
                            || !Objects.equals(op.reportedFile, writes.get(0).path("file").asText(null))) {
                        anomaly(op, "its history disagrees: " + writes);
                    }
                }
                case SoakOp.FAILED -> {
                    if (!found.isEmpty()) {
                        anomaly(op, "reported failed (" + op.what + ") but its file landed: " + found.get(0));
                    }
                    if (writes.stream().anyMatch(w -> "added".equals(w.path("outcome").asText()))) {
                        anomaly(op, "its history says added though it failed: " + writes);
                    }
                }
                case SoakOp.UNKNOWN -> resolved(op, !found.isEmpty());
                default -> {
                    // unclear: an anomaly already
                }
            }
        }
        for (Soak.Home h : homes) {
            String mine = "soak-" + "s";
            for (FileInfo f : views.get(h.addTo()).files()) {
                String n = f.fileName() == null ? "" : f.fileName();
                if (n.startsWith(mine) && n.contains("-n") && !names.contains(n)) {
                    anomalies.add("file " + f + " in dataset " + h.addTo() + " was added by no operation");
                }
            }
        }
    }

    private void resolved(SoakOp op, boolean landed) {
        op.findings.add(landed ? "landed" : "did not land");
        if (landed) {
            unknownLanded++;
        } else {
            unknownNotLanded++;
        }
    }

    // ---- replace / publish: one revision per landed registration, each as reported

    private void homeFiles(Map<String, JsonNode> objects) {
        for (Soak.Home h : homes) {
            FileInfo now = views.get(h.dataset()).files().stream().filter(f -> h.file().equals(f.fileGuid())).findFirst().orElse(null);
            if (now == null) {
                anomalies.add("thread " + h.thread() + "'s home file " + h.file() + " is gone from dataset " + h.dataset());
                continue;
            }
            int landed = 0;
            String lastLandedMd5 = null;
            Set<Long> revisions = new java.util.HashSet<>();
            for (SoakOp op : ops) {
                if (op.thread != h.thread() || !(SoakOp.AWAIT.equals(op.kind) || SoakOp.PUBLISH.equals(op.kind))) {
                    continue;
                }
                List<JsonNode> writes = op.writes("file:updateRevision");
                if (writes.size() > 1) {
                    anomaly(op, "one replace wrote " + writes.size() + " history lines: " + writes);
                }
                JsonNode w = writes.isEmpty() ? null : writes.get(0);
                String said = w == null ? null : w.path("outcome").asText();
                String ref = w == null ? op.reference : w.path("reference").asText(op.reference);
                JsonNode obj = ref == null ? null : objects.get(ref);
                boolean registered = obj != null && obj.path("registered").asBoolean();
                if (registered) {
                    landed++;
                    lastLandedMd5 = obj.path("md5").asText();
                    if (!op.md5.equalsIgnoreCase(lastLandedMd5) || obj.path("size").asLong() != op.bytes) {
                        anomaly(op, "its registered object " + ref + " holds " + obj.path("size").asLong() + " bytes of MD5 " + lastLandedMd5
                                + ", not the " + op.bytes + " bytes of MD5 " + op.md5 + " it sent");
                    }
                }
                if (w == null) {
                    if (op.ok()) {
                        anomaly(op, "succeeded without a history line for its replace");
                    }
                    continue;
                }
                switch (said) {
                    case "replaced" -> {
                        if (!registered) {
                            anomaly(op, "reported replaced" + (op.reportedRevision == null ? "" : " as revision " + op.reportedRevision)
                                    + " but its upload " + ref + " was never registered");
                        }
                        if (op.ok() && !Objects.equals(ref, op.reference)) {
                            anomaly(op, "its history names reference " + ref + ", its result " + op.reference);
                        }
                        if (op.ok() && op.reportedRevision != null && !revisions.add(op.reportedRevision)) {
                            anomaly(op, "reported revision " + op.reportedRevision + ", which an earlier operation reported too");
                        }
                        if (!op.ok()) {
                            if (SoakOp.PUBLISH.equals(op.kind)) {
                                publishFailedAfterReplace++;
                                op.findings.add("publish failed after its replace landed (history: replaced)");
                                if (op.what == null || !op.what.contains("was replaced (revision ")) {
                                    anomaly(op, "reported failed without saying that its new revision landed: " + op.what);
                                }
                            } else if (op.steps.containsKey("refresh")) {
                                op.findings.add("the replace succeeded (as reported), a later step failed");
                            } else {
                                anomaly(op, "its history says replaced though the replace failed: " + op.what);
                            }
                        }
                    }
                    case "registration-failed", "upload-failed", "refused", "failed" -> {
                        if (registered) {
                            anomaly(op, "reported " + said + " (" + op.what + ") but its revision landed (reference " + ref + ")");
                        }
                        if (op.ok()) {
                            anomaly(op, "succeeded though its history says " + said);
                        }
                    }
                    case "may-have-landed" -> {
                        if (!SoakOp.UNKNOWN.equals(op.outcome)) {
                            anomaly(op, "its history says may-have-landed, the caller got " + op.outcome + ": " + op.what);
                        }
                        resolved(op, registered);
                    }
                    case "unchanged" -> anomaly(op, "reported unchanged though it sent new content (MD5 " + op.md5 + ")");
                    default -> anomaly(op, "unknown history outcome " + said);
                }
            }
            long actual = now.revision() == null ? -1 : now.revision();
            if (actual != h.revision() + landed) {
                anomalies.add("thread " + h.thread() + "'s home file " + h.file() + " is at revision " + actual + ", but "
                        + landed + " of the kit's uploads were registered after revision " + h.revision()
                        + (actual > h.revision() + landed ? ": duplicate revisions" : ": revisions lost"));
            }
            String name = now.fileName();
            long objectsOfFile = objects.values().stream().filter(o -> o.path("registered").asBoolean()
                    && o.path("key").asText().endsWith("/" + name)).count();
            if (objectsOfFile != 1 + landed) {
                anomalies.add("thread " + h.thread() + "'s home file " + name + ": " + objectsOfFile + " uploaded objects of its name were"
                        + " registered, the kit accounts for " + (1 + landed) + " (its first revision and " + landed + " since)");
            }
            if (lastLandedMd5 != null && !lastLandedMd5.equalsIgnoreCase(now.md5())) {
                anomalies.add("thread " + h.thread() + "'s home file " + h.file() + " holds MD5 " + now.md5()
                        + ", not that of the last upload registered (" + lastLandedMd5 + ")");
            }
        }
        for (String d : homes.stream().map(Soak.Home::dataset).distinct().toList()) {
            int[] before = setup.get(d);
            DatasetView v = views.get(d);
            if (v.files().size() != before[0] || v.pipelines().size() != before[1]) {
                anomalies.add("home dataset " + d + " holds " + v.files().size() + " files and " + v.pipelines().size()
                        + " pipelines, " + before[0] + " and " + before[1] + " after the setup: only new revisions were made there");
            }
        }
    }

    // ---- createPipeline: exactly one container when it said created, none when it said failed

    private void pipelines() {
        Map<String, Integer> landedPipelines = new HashMap<>();
        Map<String, Integer> landedFiles = new HashMap<>();
        for (SoakOp op : ops) {
            if (SoakOp.ADD.equals(op.kind) && views.get(op.dataset).files().stream().anyMatch(f -> op.name.equals(f.fileName()))) {
                landedFiles.merge(op.dataset, 1, Integer::sum);
            }
            if (!SoakOp.PIPELINE.equals(op.kind)) {
                continue;
            }
            List<PipelineInfo> found = views.get(op.dataset).pipelines().stream()
                    .filter(p -> op.file.equals(p.fileGuid()) && pipelineId.equals(p.pipelineId())).toList();
            if (!found.isEmpty()) {
                landedPipelines.merge(op.dataset, 1, Integer::sum);
            }
            if (found.size() > 1) {
                anomaly(op, "duplicate pipelines: " + found.size() + " " + pipelineId + " containers publish file " + op.file + ": " + found);
            }
            List<JsonNode> writes = op.writes("resourceContainer:create");
            switch (op.outcome) {
                case SoakOp.OK -> {
                    if (found.isEmpty() || !found.get(0).resourceContainerGuid().equals(op.container)) {
                        anomaly(op, "reported created as " + op.container + " but the dataset holds " + found);
                    }
                    if (writes.size() != 1 || !"created".equals(writes.get(0).path("outcome").asText())) {
                        anomaly(op, "its history disagrees: " + writes);
                    }
                }
                case SoakOp.FAILED -> {
                    if (!found.isEmpty()) {
                        anomaly(op, "reported failed (" + op.what + ") but its pipeline landed: " + found.get(0));
                    }
                }
                case SoakOp.UNKNOWN -> resolved(op, !found.isEmpty());
                default -> {
                    // unclear: an anomaly already
                }
            }
        }
        for (String d : homes.stream().map(Soak.Home::addTo).distinct().toList()) {
            DatasetView v = views.get(d);
            Map<String, List<PipelineInfo>> byFile = v.pipelines().stream().filter(p -> p.fileGuid() != null)
                    .collect(Collectors.groupingBy(p -> p.fileGuid() + " " + p.pipelineId()));
            byFile.forEach((k, l) -> {
                if (l.size() > 1 && ops.stream().noneMatch(op -> SoakOp.PIPELINE.equals(op.kind) && k.startsWith(op.file + " "))) {
                    anomalies.add("duplicate pipelines in dataset " + d + " that no operation made: " + l);
                }
            });
            int[] before = setup.get(d);
            int files = before[0] + landedFiles.getOrDefault(d, 0);
            int pipes = before[1] + landedPipelines.getOrDefault(d, 0);
            if (v.files().size() != files || v.pipelines().size() != pipes) {
                anomalies.add("dataset " + d + " holds " + v.files().size() + " files and " + v.pipelines().size() + " pipelines; the setup"
                        + " and the operations that landed account for " + files + " and " + pipes);
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

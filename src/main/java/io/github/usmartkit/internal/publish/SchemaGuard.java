package io.github.usmartkit.internal.publish;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.upload.PreflightReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema guard of a replace: the new CSV's header compared with the columns each published
 * pipeline fed by the file serves (read through the read API), before anything is uploaded. A
 * column added, removed or renamed, or a numeric column now holding text, refuses the replace
 * unless the change is allowed.
 */
public final class SchemaGuard {

    private final Published published;

    public SchemaGuard(Published published) {
        this.published = published;
    }

    /**
     * The guard's verdict: one line, for results, plans and the history.
     *
     * @param text    e.g. {@code same columns as csv-to-api e5a7…}
     * @param changed whether a published pipeline's columns would change
     */
    public record Verdict(String text, boolean changed) {
    }

    /**
     * Compares {@code local} with what the pipelines fed by {@code fileGuid} publish.
     *
     * @param allow whether a change is allowed (then the verdict says what changes)
     * @throws SchemaChangeException if the columns change and {@code allow} is false
     */
    public Verdict check(DatasetView view, String fileGuid, PreflightReport local, boolean allow, String action) {
        return check(view, fileGuid, local, allow, action, published::sample);
    }

    /**
     * {@link #check(DatasetView, String, PreflightReport, boolean, String)} taking each pipeline's
     * sample from {@code sample} (resource container GUID → its sample, or the exception
     * {@link Published#sample} threw): a caller may have read them side by side beforehand. They
     * are compared in the pipelines' order, so the verdict and any exception are the same.
     */
    public Verdict check(DatasetView view, String fileGuid, PreflightReport local, boolean allow, String action,
                         java.util.function.Function<String, Published.Sample> sample) {
        if (!local.csv()) {
            return new Verdict("not checked (" + local.format() + " file, not a CSV)", false);
        }
        List<PipelineInfo> fed = Published.fedBy(view, fileGuid);
        if (fed.isEmpty()) {
            return new Verdict("no pipeline publishes this file", false);
        }
        List<String> notRead = new ArrayList<>();
        List<String> same = new ArrayList<>();
        for (PipelineInfo p : fed) {
            Published.Sample s;
            try {
                s = sample.apply(p.resourceContainerGuid());
            } catch (NotFoundException | BadRequestException e) {
                notRead.add(label(p) + " (" + (e instanceof NotFoundException ? "nothing published yet" : "no read API: " + e.what()) + ")");
                continue;
            } catch (USmartException e) {
                if (!allow) {
                    throw e;
                }
                notRead.add(label(p) + " (" + e.what() + ")");
                continue;
            }
            if (s.columns().isEmpty()) {
                notRead.add(label(p) + " (publishes no columns)");
                continue;
            }
            List<String> added = new ArrayList<>(local.columns());
            added.removeAll(s.columns());
            List<String> removed = new ArrayList<>(s.columns());
            removed.removeAll(local.columns());
            List<String> kept = new ArrayList<>(s.columns());
            kept.retainAll(local.columns());
            Map<String, String> nowText = new LinkedHashMap<>();
            for (String c : kept) {
                if (s.numeric().contains(c) && local.firstText().containsKey(c)) {
                    nowText.put(c, local.firstText().get(c));
                }
            }
            if (added.isEmpty() && removed.isEmpty() && nowText.isEmpty()) {
                same.add(label(p));
                continue;
            }
            String change = describe(added, removed, kept, nowText);
            if (allow) {
                return new Verdict("CHANGED on purpose (allowSchemaChange) for " + label(p) + ": " + change, true);
            }
            throw new SchemaChangeException(Failure.of(action, fileGuid, "upload refused before uploading: the columns of "
                            + local.file() + " differ from what pipeline " + label(p) + " publishes: " + change,
                    "Nothing was uploaded. Consumers of the read API would break: fix the file's header"
                            + (nowText.isEmpty() ? "" : " and values")
                            + ", or publish the change on purpose with UploadOptions.defaults().allowSchemaChange(true)"),
                    p.resourceContainerGuid(), added, removed, kept, nowText);
        }
        String text = (same.isEmpty() ? "" : "same columns as " + String.join(", ", same))
                + (notRead.isEmpty() ? "" : (same.isEmpty() ? "" : "; ") + "not compared: " + String.join(", ", notRead));
        return new Verdict(text, false);
    }

    private static String label(PipelineInfo p) {
        return (p.pipelineId() == null ? "" : p.pipelineId() + " ") + p.resourceContainerGuid();
    }

    static String describe(List<String> added, List<String> removed, List<String> kept, Map<String, String> nowText) {
        StringBuilder sb = new StringBuilder();
        sb.append("added ").append(added.isEmpty() ? "none" : String.join(", ", added));
        sb.append("; removed ").append(removed.isEmpty() ? "none" : String.join(", ", removed));
        sb.append("; kept ").append(kept.isEmpty() ? "none" : String.join(", ", kept));
        if (!nowText.isEmpty()) {
            sb.append("; numeric now text: ");
            List<String> parts = new ArrayList<>();
            nowText.forEach((c, where) -> parts.add(c + " (" + where + ")"));
            sb.append(String.join(", ", parts));
        }
        return sb.toString();
    }
}

package io.github.usmartkit.upload;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.internal.render.TableStyle;

import java.util.List;

/**
 * A file uploaded and registered in a dataset, left as it was because it had not changed, or
 * (in a dry run) planned.
 *
 * @param action      {@code file:create} or {@code file:updateRevision}
 * @param datasetGuid the dataset
 * @param fileGuid    the file's GUID (new for an add, the same for a replace)
 * @param fileName    the name registered
 * @param bytes       bytes uploaded
 * @param revision    the file's revision after the call, or null if the service did not say
 * @param md5         MD5 (hex) of the bytes sent
 * @param etagMatches whether the store's ETag matched the MD5 (null: could not tell)
 * @param warnings    anything worth knowing that did not fail the upload (e.g. an ETag mismatch,
 *                    another writer's revision between ours and the one we saw)
 * @param outcome     {@link #ADDED}, {@link #REPLACED}, {@link #UNCHANGED} (nothing sent: same MD5
 *                    and size as the current revision) or {@link #PLANNED} (a dry run: nothing sent)
 * @param reference   the object store reference of the upload, or null when nothing was uploaded
 */
public record UploadResult(String action, String datasetGuid, String fileGuid, String fileName, long bytes,
                           Long revision, String md5, Boolean etagMatches, List<String> warnings, String outcome,
                           String reference) implements Displayable {

    /** A new file was registered. */
    public static final String ADDED = "added";
    /** A new revision was registered. */
    public static final String REPLACED = "replaced";
    /** Nothing was sent: the file equals the current revision. */
    public static final String UNCHANGED = "unchanged";
    /** A dry run: nothing was sent. */
    public static final String PLANNED = "planned";

    public UploadResult {
        warnings = List.copyOf(warnings);
        outcome = outcome != null ? outcome : "file:create".equals(action) ? ADDED : REPLACED;
    }

    /** A registered upload (outcome from the action, no reference). */
    public UploadResult(String action, String datasetGuid, String fileGuid, String fileName, long bytes,
                        Long revision, String md5, Boolean etagMatches, List<String> warnings) {
        this(action, datasetGuid, fileGuid, fileName, bytes, revision, md5, etagMatches, warnings, null, null);
    }

    /** Whether nothing was sent because the file equals the current revision. */
    public boolean unchanged() {
        return UNCHANGED.equals(outcome);
    }

    private String verb() {
        return switch (outcome) {
            case UNCHANGED -> "unchanged (same MD5 and size, nothing sent):";
            case PLANNED -> "dry run, nothing sent: would " + ("file:create".equals(action) ? "add" : "replace with");
            default -> outcome;
        };
    }

    /** One line (the new file's GUID in full, the dataset's shortened: it is the one you asked for), then any warnings. */
    @Override
    public String toText() {
        return TableStyle.sentence(verb() + " " + fileName + " (" + Bytes.format(bytes) + ") as file " + fileGuid
                + (revision == null ? "" : " revision " + revision) + " in dataset " + TableStyle.shortGuid(datasetGuid))
                + (warnings.isEmpty() ? "" : "\nwarning: " + String.join("\nwarning: ", warnings));
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-upload\">" + Html.escape(verb()) + " <b>" + Html.escape(fileName) + "</b> ("
                + Html.escape(Bytes.format(bytes)) + ") as file <code>" + Html.escape(fileGuid) + "</code>"
                + (revision == null ? "" : " revision " + revision) + " in dataset <code>" + Html.escape(datasetGuid) + "</code>"
                + (warnings.isEmpty() ? "" : "<ul>" + warnings.stream().map(w -> "<li>" + Html.escape(w) + "</li>")
                .reduce("", String::concat) + "</ul>") + "</div>";
    }

    /** The text view: what JShell shows when a result is typed alone. */
    @Override
    public String toString() {
        return toText();
    }
}

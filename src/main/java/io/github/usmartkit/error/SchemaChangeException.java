package io.github.usmartkit.error;

import java.util.List;
import java.util.Map;

/**
 * The new file's columns differ from what a published pipeline serves: a column was added,
 * removed or renamed, or a numeric column now holds text. Consumers of the read API would break,
 * so the replace was refused before anything was uploaded. To publish the change on purpose:
 * {@code UploadOptions.defaults().allowSchemaChange(true)}.
 */
public class SchemaChangeException extends USmartException {

    private final String resourceContainerGuid;
    private final List<String> added;
    private final List<String> removed;
    private final List<String> kept;
    private final Map<String, String> numericNowText;

    /**
     * @param numericNowText published numeric columns that now hold text, each with where the
     *                       first text value is (e.g. {@code line 7: "n/a"})
     */
    public SchemaChangeException(Failure failure, String resourceContainerGuid, List<String> added, List<String> removed,
                                 List<String> kept, Map<String, String> numericNowText) {
        super(failure, null);
        this.resourceContainerGuid = resourceContainerGuid;
        this.added = List.copyOf(added);
        this.removed = List.copyOf(removed);
        this.kept = List.copyOf(kept);
        this.numericNowText = Map.copyOf(numericNowText);
    }

    /** The published pipeline whose columns were compared. */
    public String resourceContainerGuid() {
        return resourceContainerGuid;
    }

    /** Columns in the new file that the pipeline does not publish. */
    public List<String> added() {
        return added;
    }

    /** Columns the pipeline publishes that the new file lacks. */
    public List<String> removed() {
        return removed;
    }

    /** Columns in both. */
    public List<String> kept() {
        return kept;
    }

    /** Published numeric columns that now hold text, with where the first text value is. */
    public Map<String, String> numericNowText() {
        return numericNowText;
    }
}

package io.github.usmartkit.bulk;

import java.time.Duration;

/**
 * The outcome of one line of a bulk manifest (a row of a {@link BulkReport}).
 *
 * @param line        its line number in the manifest (the header is line 1)
 * @param datasetGuid the dataset, as the line gives it
 * @param fileGuid    the file replaced, or the one added (null if it was not added)
 * @param path        the local file, as the line gives it
 * @param pipelineId  the pipeline the line asks for, or null
 * @param outcome     {@link #PUBLISHED}, {@link #UNCHANGED}, {@link #REFUSED}, {@link #FAILED} or {@link #PLANNED}
 * @param revision    the file's revision afterwards, or null when not known
 * @param rows        rows verified as published, or null when not verified
 * @param took        how long the line took, its dataset's refresh, wait and verification included
 * @param error       what went wrong and what to do (refused, failed), or null
 * @param errorKind   the kind of failure (e.g. {@code PreflightFailedException}), or null
 * @param note        anything else worth knowing (e.g. the file feeds no pipeline), or null
 */
public record BulkLine(int line, String datasetGuid, String fileGuid, String path, String pipelineId, String outcome, Long revision,
                       Long rows, Duration took, String error, String errorKind, String note) {

    /** Sent, processed and verified: the public sees the file. */
    public static final String PUBLISHED = "published";
    /** Nothing was sent: the file equals what uSmart holds and the public sees it. */
    public static final String UNCHANGED = "unchanged";
    /** Nothing was changed: the line, its file or the service refused it before any write (a malformed CSV, a schema change, a bad GUID). */
    public static final String REFUSED = "refused";
    /** Something was attempted and did not finish: the error says what state the file is in. */
    public static final String FAILED = "failed";
    /** A dry run: what would be sent was planned, nothing was. */
    public static final String PLANNED = "planned";

    /** Whether the line is done (published, unchanged, or planned in a dry run). */
    public boolean ok() {
        return PUBLISHED.equals(outcome) || UNCHANGED.equals(outcome) || PLANNED.equals(outcome);
    }
}

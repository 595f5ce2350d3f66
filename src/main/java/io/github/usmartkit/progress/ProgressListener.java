package io.github.usmartkit.progress;

/**
 * Receives progress of a long operation (an upload, a wait for pipelines). Called from the
 * thread doing the work (and, for the bytes of an upload, from the HTTP client's threads);
 * implementations must be quick and must not throw.
 *
 * <p>{@link #auto()} is what the kit uses when no listener is given; {@link #shown()} (also
 * {@code Show.progress()}) is the same display from the first moment.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param task  a short label, e.g. {@code "upload air-quality.csv"}
     * @param done  units done so far (bytes for uploads, finished pipelines for a wait)
     * @param total units in all, or {@code -1} when unknown
     */
    void update(String task, long done, long total);

    /**
     * A step of the operation, e.g. {@code "asking for an upload URL"}, {@code "registered as
     * revision 2"}, {@code "csv-to-api e5a73062…: queued → complete"}.
     */
    default void stage(String task, String stage) {
    }

    /** The operation ended, successfully or not. */
    default void finished(String task, boolean ok) {
    }

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return (task, done, total) -> { };
    }

    /**
     * The display for where the code runs, appearing once an operation has taken about a second
     * (quick ones stay silent): in a notebook whose kernel hook provides a {@link ProgressDisplay},
     * one line updated in place; in a terminal or at the JShell prompt, one line on standard error
     * redrawn in place; elsewhere (a log file, cron, CI) one timestamped line per stage on standard
     * error, never a carriage return. Nothing at all when the environment has
     * {@code USMART_PROGRESS=off}.
     */
    static ProgressListener auto() {
        return Progress.choose(true);
    }

    /** Like {@link #auto()}, but shown from the start of the operation, however quick it is. */
    static ProgressListener shown() {
        return Progress.choose(false);
    }
}

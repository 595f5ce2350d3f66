package io.github.usmartkit.progress;

/**
 * Receives progress of a long operation (an upload, a refresh). Called from the thread doing
 * the work; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param task  a short label, e.g. {@code "upload air-quality.csv"}
     * @param done  units done so far (bytes for uploads)
     * @param total units in all, or {@code -1} when unknown
     */
    void update(String task, long done, long total);

    /** The operation ended, successfully or not. */
    default void finished(String task, boolean ok) {
    }

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return (task, done, total) -> { };
    }
}

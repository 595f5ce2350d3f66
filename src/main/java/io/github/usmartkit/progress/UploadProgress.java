package io.github.usmartkit.progress;

import io.github.usmartkit.progress.ProgressListener;

import java.util.function.LongFunction;

/**
 * Chooses the progress display of an upload when the caller gave none: a console bar for files
 * over {@link #CONSOLE_THRESHOLD} when running in a terminal or JShell, nothing otherwise.
 * Notebook integrations replace the choice with {@link #setDefault}.
 */
public final class UploadProgress {

    /** Files smaller than this upload without a bar. */
    public static final long CONSOLE_THRESHOLD = 4L * 1024 * 1024;

    private static volatile LongFunction<ProgressListener> factory = UploadProgress::console;

    private UploadProgress() {
    }

    /** Replaces the default choice (e.g. a notebook progress widget); the function gets the file size. */
    public static void setDefault(LongFunction<ProgressListener> f) {
        factory = f == null ? UploadProgress::console : f;
    }

    /** The listener for an upload of {@code size} bytes. */
    public static ProgressListener forSize(long size) {
        return factory.apply(size);
    }

    private static ProgressListener console(long size) {
        if (size < CONSOLE_THRESHOLD || "off".equalsIgnoreCase(System.getenv("USMART_PROGRESS"))) {
            return ProgressListener.none();
        }
        if (NotebookProgress.inNotebook()) {
            return io.github.usmartkit.progress.NotebookProgress.create(); // an updatable line in the notebook
        }
        return interactive() ? new ConsoleProgressBar(System.err) : ProgressListener.none();
    }

    /** A terminal, or code typed into JShell (whose snippets run as classes of package REPL). */
    static boolean interactive() {
        if (System.console() != null) {
            return true;
        }
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (e.getClassName().startsWith("REPL.$JShell")) {
                return true;
            }
        }
        return false;
    }
}

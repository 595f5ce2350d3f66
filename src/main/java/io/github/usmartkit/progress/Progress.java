package io.github.usmartkit.progress;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Picks the progress display for where the code runs (see {@link ProgressListener#auto()}). */
final class Progress {

    /** Operations quicker than this show no line when the display is chosen automatically. */
    static final long DELAY_NANOS = 1_000_000_000L;

    private Progress() {
    }

    static ProgressListener choose(boolean delayed) {
        if ("off".equalsIgnoreCase(System.getenv("USMART_PROGRESS"))) {
            return ProgressListener.none();
        }
        return choose(delayed, Notebook.DISPLAY, Terminal.interactive(), System.err);
    }

    /** The choice, given what was found: a notebook display (or null), whether a person watches, where text goes. */
    static ProgressListener choose(boolean delayed, ProgressDisplay notebook, boolean interactive, java.io.PrintStream err) {
        long delay = delayed ? DELAY_NANOS : 0;
        if (notebook != null) {
            return new LineProgress(notebook.open(), delay, System::nanoTime, true);
        }
        if (interactive) {
            return new LineProgress(new ConsoleLine(err), delay, System::nanoTime, true);
        }
        return new LogLines(err, java.time.Clock.systemUTC());
    }

    /** The first available {@link ProgressDisplay} provider, looked up once per class loader. */
    private static final class Notebook {
        static final ProgressDisplay DISPLAY = find();

        private static ProgressDisplay find() {
            try {
                for (ProgressDisplay d : ServiceLoader.load(ProgressDisplay.class, Progress.class.getClassLoader())) {
                    if (d.available()) {
                        return d;
                    }
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                // a broken provider must not break the upload it would report on: fall back to text
            }
            return null;
        }
    }
}

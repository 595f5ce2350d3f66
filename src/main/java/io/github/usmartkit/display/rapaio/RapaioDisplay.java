package io.github.usmartkit.display.rapaio;

import io.github.usmartkit.progress.NotebookProgress;
import org.rapaio.jupyter.kernel.global.Global;

/**
 * Calls into rapaio-jupyter-kernel's display functions: the kit's progress line in a notebook.
 * Found by {@code NotebookProgress} through {@code META-INF/services}; it reports itself available
 * only when rapaio's kernel started this JVM, so the kit never needs the kernel on its class path.
 */
public final class RapaioDisplay implements NotebookProgress.SinkProvider {

    /** True when rapaio-jupyter-kernel's main class started this JVM and its classes are here. */
    @Override
    public boolean available() {
        String command = System.getProperty("sun.java.command", "");
        if (!command.startsWith("org.rapaio.jupyter.kernel.MainApp")) {
            return false;
        }
        try {
            Class.forName("org.rapaio.jupyter.kernel.global.Global", false, RapaioDisplay.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public NotebookProgress.Sink create() {
        return new ProgressSink();
    }

    /** Shows the progress line once with a display id, then updates that same display in place. */
    static final class ProgressSink implements NotebookProgress.Sink {
        private String displayId;

        @Override
        public void show(NotebookProgress.ProgressLine line) {
            if (displayId == null) {
                displayId = Global.display(line);
            } else {
                Global.updateDisplay(displayId, line);
            }
        }
    }
}

package io.github.usmartkit.display.rapaio;

import io.github.usmartkit.progress.NotebookProgress;
import org.rapaio.jupyter.kernel.global.Global;

/**
 * Calls into rapaio-jupyter-kernel's display functions. Only loaded when
 * {@code Displays.inRapaioKernel()} is true, so the kit never needs the kernel on its class path.
 */
public final class RapaioDisplay {

    private RapaioDisplay() {
    }

    /** Shows the progress line once with a display id, then updates that same display in place. */
    public static final class ProgressSink implements NotebookProgress.Sink {
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

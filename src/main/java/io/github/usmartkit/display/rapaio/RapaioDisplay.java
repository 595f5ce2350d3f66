package io.github.usmartkit.display.rapaio;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.progress.ProgressLine;
import java.util.function.Consumer;
import org.rapaio.jupyter.kernel.global.Global;

/**
 * Calls into rapaio-jupyter-kernel's display functions. Only loaded once
 * {@link RapaioProgressDisplay#available()} has said the code runs in that kernel, so the kit
 * never needs the kernel on its class path.
 */
final class RapaioDisplay {

    private RapaioDisplay() {
    }

    /** Shows the progress line once with a display id, then updates that same display in place. */
    static final class ProgressSink implements Consumer<ProgressLine> {
        private String displayId;

        @Override
        public void accept(ProgressLine line) {
            Shown shown = new Shown(line);
            if (displayId == null) {
                displayId = Global.display(shown);
            } else {
                Global.updateDisplay(displayId, shown);
            }
        }
    }

    /** A progress line as the kit's display hook renders it (HTML, with the text beside it). */
    record Shown(ProgressLine line) implements Displayable {
        @Override
        public String toHtml() {
            return line.toHtml();
        }

        @Override
        public String toText() {
            return line.toText();
        }
    }
}

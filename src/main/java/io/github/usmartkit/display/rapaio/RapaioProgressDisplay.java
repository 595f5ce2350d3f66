package io.github.usmartkit.display.rapaio;

import io.github.usmartkit.progress.ProgressDisplay;
import io.github.usmartkit.progress.ProgressLine;
import java.util.function.Consumer;

/**
 * Progress in rapaio-jupyter-kernel (listed in {@code META-INF/services}): one updatable display
 * per operation. Names no kernel class itself, so the kit's service lookup can load it anywhere.
 */
public final class RapaioProgressDisplay implements ProgressDisplay {

    @Override
    public boolean available() {
        return inRapaioKernel();
    }

    @Override
    public Consumer<ProgressLine> open() {
        return new RapaioDisplay.ProgressSink();
    }

    /**
     * True when this JVM is rapaio-jupyter-kernel (its main class, or the kit's kernel patch that starts
     * it as {@code usmart kernel install} sets up, started it, and its API is loadable).
     */
    static boolean inRapaioKernel() {
        String command = System.getProperty("sun.java.command", "");
        if (!command.startsWith("org.rapaio.jupyter.kernel.MainApp") && !command.startsWith("io.github.usmartkit.kernelpatch.KernelMain")) {
            return false;
        }
        try {
            Class.forName("org.rapaio.jupyter.kernel.global.Global", false, RapaioProgressDisplay.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

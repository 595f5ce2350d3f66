package io.github.usmartkit.display;

import tech.tablesaw.api.Table;

/**
 * What the kernel display hooks share: which values the kit shows richly, and how.
 * Kernel-specific code lives in the {@code rapaio}, {@code ijava} and {@code jjava} subpackages.
 */
public final class Displays {

    private Displays() {
    }

    /**
     * The kit's view of {@code value}: itself when {@link Displayable}, a {@link TableView} for a
     * Tablesaw {@link Table}, an {@link ErrorBox} for a {@link Throwable}; otherwise {@code null}.
     */
    public static Displayable of(Object value) {
        if (value instanceof Displayable d) {
            return d;
        }
        if (value instanceof Table t) {
            return TableView.of(t);
        }
        if (value instanceof Throwable e) {
            return ErrorBox.of(e);
        }
        return null;
    }

    /**
     * True when running inside rapaio-jupyter-kernel (its main class, or the kit's kernel patch that
     * starts it, started this JVM).
     */
    public static boolean inRapaioKernel() {
        String command = System.getProperty("sun.java.command", "");
        if (!command.startsWith("org.rapaio.jupyter.kernel.MainApp") && !command.startsWith("io.github.usmartkit.kernelpatch.KernelMain")) {
            return false;
        }
        try {
            Class.forName("org.rapaio.jupyter.kernel.global.Global", false, Displays.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

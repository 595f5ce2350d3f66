package org.rapaio.jupyter.kernel.core.format;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import jdk.jshell.EvalException;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.display.DisplayData;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.1's {@code ErrorFormatters} (same public API), placed
 * before the kernel jar on the kernel's class path by {@code bin/usmart-kernel}. Not part of the
 * kit's artifact.
 *
 * <p>Why: rapaio 3.0.1 has no hook for how a failing cell is shown; {@code RapaioKernel.handleExecuteRequest}
 * always turns the exception into red text with stack frames through this class's
 * {@link #exceptionFormat}. For the kit's own exceptions ({@code io.github.usmartkit.*}, which JShell
 * hands over as an {@link EvalException} carrying the original class name and message) this copy
 * publishes the kit's {@code ErrorBox} as HTML display data (what went wrong, what to do; secrets and
 * signed-URL queries scrubbed; no stack trace) and returns a one-line traceback, so Jupyter still
 * marks the cell as failed. Every other exception, or any trouble building the box, goes to the
 * ORIGINAL class, loaded from the kernel jar in a small class loader of its own, so that output is
 * exactly rapaio's.
 */
public final class ErrorFormatters {

    private static final String KIT_PACKAGE = "io.github.usmartkit.";
    private static final String ERROR_BOX = "io.github.usmartkit.error.ErrorBox";
    private static final String RESOURCE = ErrorFormatters.class.getName().replace('.', '/') + ".class";
    private static final String RED = "\u001b[1;31m";
    private static final String RESET = "\u001b[0m";

    private static volatile Method original;
    /**
     * The failure whose box was last shown. rapaio formats a failed cell twice (for the iopub error
     * and, scheduled after the handler, for the execute_reply); the second box would land in the
     * next cell's output.
     */
    private static volatile WeakReference<Throwable> boxShown = new WeakReference<>(null);

    private ErrorFormatters() {
    }

    /** The traceback lines for a failed cell; for the kit's exceptions also shows the error box. */
    public static <T extends Throwable> List<String> exceptionFormat(RapaioKernel kernel, T error) {
        if (error instanceof EvalException e && e.getExceptionClassName() != null
                && e.getExceptionClassName().startsWith(KIT_PACKAGE)) {
            try {
                return showErrorBox(kernel, e);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError fallBack) {
                System.err.println("usmart-kit kernel patch: no error box (" + fallBack + "); showing the kernel's own output");
            }
        }
        return originalFormat(kernel, error);
    }

    private static synchronized List<String> showErrorBox(RapaioKernel kernel, EvalException e) throws ReflectiveOperationException {
        String name = e.getExceptionClassName();
        List<String> traceback = List.of(RED + name.substring(name.lastIndexOf('.') + 1) + ": see the box above" + RESET);
        if (boxShown.get() == e) {
            return traceback;
        }
        // Reflection, not a compile-time reference: the patch is compiled against the kernel jar
        // only, and the kit jar is on the kernel JVM's class path at run time.
        Class<?> boxType = Class.forName(ERROR_BOX, true, ErrorFormatters.class.getClassLoader());
        Object box = boxType.getMethod("of", String.class, String.class).invoke(null, e.getExceptionClassName(), e.getMessage());
        DisplayData data = DisplayData.fromHtml((String) boxType.getMethod("toHtml").invoke(box));
        data.putText((String) boxType.getMethod("toText").invoke(box));
        kernel.display(data);
        boxShown = new WeakReference<>(e);
        return traceback;
    }

    private static List<String> originalFormat(RapaioKernel kernel, Throwable error) {
        try {
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) originalMethod().invoke(null, kernel, error);
            return lines;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException | IOException e) {
            // Should not happen with the kernel jar on the class path; still say what failed.
            return List.of(RED + error.getClass().getSimpleName() + ": " + error.getMessage() + RESET,
                    "(usmart-kit kernel patch could not load rapaio's ErrorFormatters: " + e + ")");
        }
    }

    /** rapaio's own {@code exceptionFormat}, from the class file after ours on the class path. */
    private static Method originalMethod() throws IOException, ReflectiveOperationException {
        Method m = original;
        if (m == null) {
            synchronized (ErrorFormatters.class) {
                m = original;
                if (m == null) {
                    ClassLoader app = ErrorFormatters.class.getClassLoader();
                    URL mine = app.getResource(RESOURCE);
                    byte[] bytes = null;
                    for (URL url : Collections.list(app.getResources(RESOURCE))) {
                        if (!url.equals(mine)) {
                            try (InputStream in = url.openStream()) {
                                bytes = in.readAllBytes();
                            }
                            break;
                        }
                    }
                    if (bytes == null) {
                        throw new ClassNotFoundException("rapaio's " + RESOURCE + " (only this patch's copy is on the class path)");
                    }
                    Class<?> type = new OriginalLoader(app, bytes).loadClass(ErrorFormatters.class.getName());
                    m = type.getMethod("exceptionFormat", RapaioKernel.class, Throwable.class);
                    original = m;
                }
            }
        }
        return m;
    }

    /** Defines the original ErrorFormatters; every other class comes from the kernel's own loader. */
    private static final class OriginalLoader extends ClassLoader {
        private final byte[] bytes;

        OriginalLoader(ClassLoader parent, byte[] bytes) {
            super(parent);
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(ErrorFormatters.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, bytes, 0, bytes.length);
            }
        }
    }
}

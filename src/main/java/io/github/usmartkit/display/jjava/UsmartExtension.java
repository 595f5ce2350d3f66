package io.github.usmartkit.display.jjava;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * JJava display hook: JJava loads this {@link Extension} through {@code ServiceLoader} when the
 * kit is on its class path, and from then on the kit's models, Tablesaw tables and charts render
 * richly.
 */
public final class UsmartExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        JJavaDisplay.register(kernel.getRenderer());
    }
}

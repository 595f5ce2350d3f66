package io.github.usmartkit.progress;

import java.util.function.Consumer;

/**
 * Service-provider interface for a front end that shows progress in place, such as a notebook
 * kernel's updatable display. Providers are listed in
 * {@code META-INF/services/io.github.usmartkit.progress.ProgressDisplay}; the kit asks each in
 * turn whether it is {@link #available()} where the code runs and uses the first that is. So the
 * core never names a kernel: the kernel's hook, under {@code display.<kernel>}, provides this.
 */
public interface ProgressDisplay {

    /** Whether this front end is the one running the code. Cheap; must not throw. */
    boolean available();

    /**
     * A display for one operation. Each line given to it replaces the one shown before; the line
     * whose {@link ProgressLine#ok()} is set is the last.
     */
    Consumer<ProgressLine> open();
}

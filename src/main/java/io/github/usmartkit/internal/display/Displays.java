package io.github.usmartkit.internal.display;

import io.github.usmartkit.error.ErrorBox;
import io.github.usmartkit.display.TableView;
import io.github.usmartkit.display.Displayable;

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
}

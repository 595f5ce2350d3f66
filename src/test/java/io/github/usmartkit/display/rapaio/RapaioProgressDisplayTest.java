package io.github.usmartkit.display.rapaio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.usmartkit.progress.ProgressDisplay;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RapaioProgressDisplayTest {

    @Test
    void isFoundByTheServiceLoader_andUnavailableOutsideTheKernel() {
        boolean found = false;
        for (ProgressDisplay d : ServiceLoader.load(ProgressDisplay.class)) {
            if (d instanceof RapaioProgressDisplay) {
                found = true;
                assertFalse(d.available(), "tests do not run inside rapaio-jupyter-kernel");
            }
        }
        assertTrue(found, "META-INF/services/io.github.usmartkit.progress.ProgressDisplay lists the rapaio provider");
    }
}

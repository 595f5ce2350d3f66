package io.github.usmartkit.kernelpatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.format.ErrorFormatters;
import org.rapaio.jupyter.kernel.core.java.EvaluationInterruptedException;

/**
 * The kernel patch (src/kernel-patch) against rapaio-jupyter-kernel's own classes. The build puts the
 * patch's classes before the kernel jar on the test class path, as {@code usmart kernel install} does on
 * the kernel's; the first test checks that, so the others cannot pass against rapaio's originals.
 */
class KernelPatchTest {

    @Test
    void patchedClasses_shadowTheKernelJars() throws URISyntaxException {
        for (Class<?> patched : List.of(LoopThread.class, ErrorFormatters.class)) {
            Path from = Path.of(patched.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(from.endsWith(Path.of("kernel-patch", "classes")), patched.getName() + " comes from " + from);
        }
    }

    @Test
    @Timeout(30)
    void loopThread_isRunningFromItsFirstInstant() throws InterruptedException {
        // rapaio's original sets its running flag after Thread.start(): a thread scheduled at once
        // found it false and ended without running its body (about 1 kernel start in 10 hung).
        for (int i = 0; i < 200; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            LoopThread loop = new LoopThread("test-loop-" + i, 1, ran::countDown);
            loop.start();
            try {
                assertTrue(ran.await(10, TimeUnit.SECONDS), "loop " + i + " ran its body");
            } finally {
                loop.shutdown();
                loop.join(5_000);
            }
        }
    }

    @Test
    void errorFormatters_handOtherExceptionsToRapaiosOriginal() {
        List<String> lines = ErrorFormatters.exceptionFormat(null, new EvaluationInterruptedException("Thread.sleep(60_000)"));
        String text = String.join("\n", lines);
        assertTrue(text.contains("InterruptedException:") && text.contains("Thread.sleep(60_000)"), text);
        assertTrue(!text.contains("see the box above"), text);
    }
}

package io.github.usmartkit.kernelpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.ControlChannel;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ExecutionContext;
import org.rapaio.jupyter.kernel.core.format.ErrorFormatters;
import org.rapaio.jupyter.kernel.core.java.EvaluationInterruptedException;
import org.rapaio.jupyter.kernel.core.java.JavaEngine;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControlProvider;
import org.rapaio.jupyter.kernel.core.java.io.JShellConsole;

/**
 * The kernel patch (src/kernel-patch) against rapaio-jupyter-kernel's own classes. The build puts the
 * patch jar it made before the kernel jar on this test's class path (failsafe, after {@code package}), as
 * {@code usmart kernel install} does on the kernel's; the first test checks that, so the others cannot
 * pass against rapaio's originals.
 */
class KernelPatchIT {

    private JavaEngine engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.shutdown();
        }
    }

    @Test
    void patchedClasses_shadowTheKernelJars() throws URISyntaxException, ClassNotFoundException {
        // KernelMain by name: the patch is compiled apart from the tests, which see rapaio's API only.
        for (Class<?> patched : List.of(LoopThread.class, Channels.class, ControlChannel.class, RapaioExecutionControlProvider.class,
                ErrorFormatters.class, Class.forName("io.github.usmartkit.kernelpatch.KernelMain"))) {
            Path from = Path.of(patched.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertEquals("usmart-kernel-patch.jar", from.getFileName().toString(), patched.getName() + " comes from " + from);
        }
    }

    @Test
    @Timeout(60)
    void interruptedCell_saysSo_andLaterCellsStillRunAndPrint() throws Exception {
        ExecutionContext ctx = new ExecutionContext(null);
        engine = JavaEngine.builder(new JShellConsole(), ctx).build();
        engine.initialize();
        assertEquals(2, engine.eval(ctx, "1 + 1"));

        String started = "usmart.test.cell-started." + System.nanoTime();
        // One snippet (a block), so the interrupt cannot land between the property and the sleep.
        CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.eval(ctx, "{ System.setProperty(\"" + started + "\", \"yes\"); Thread.sleep(60_000); }");
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        while (System.getProperty(started) == null) {
            assertTrue(!sleeping.isDone(), "the cell ended before it was interrupted: " + sleeping);
            Thread.onSpinWait();
        }
        // What the kernel does on Jupyter's interrupt_request. Again after a while, as a user would: the
        // first may come in the instant between the cell's start and its registration as running.
        for (int i = 0; i < 20 && !sleeping.isDone(); i++) {
            engine.interrupt();
            try {
                sleeping.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stillRunningOrEnded) {
                // checked below
            }
        }
        CompletionException ended = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, sleeping::join);
        assertInstanceOf(EvaluationInterruptedException.class, ended.getCause(), "the interrupted cell reports it");

        // rapaio 3.0.1 as released: null here (status ok, no value) for every later cell
        assertEquals(2, engine.eval(ctx, "1 + 1"));
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            engine.eval(ctx, "System.out.println(\"hello\")");
        } finally {
            System.setOut(stdout);
        }
        assertEquals("hello", printed.toString(StandardCharsets.UTF_8).strip());
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

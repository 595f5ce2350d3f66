package io.github.usmartkit.cli;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs another program in the foreground, as a shell's {@code exec} or C's {@code system(3)} would:
 * it shares the terminal, and while it runs this JVM ignores Ctrl-C and Ctrl-\ (the program gets
 * them and decides: Jupyter asks whether to stop), then exits with its status. If this JVM is
 * stopped, the program is stopped too.
 */
final class Children {

    private Children() {
    }

    /** Runs {@code pb} with this process's standard streams; returns its exit status. */
    static int run(ProcessBuilder pb) throws IOException {
        pb.inheritIO();
        Process p = pb.start();
        Thread stop = new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }, "usmart-child-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        List<Object> restore = ignore("INT", "QUIT");
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    // keep waiting: the child decides when it ends
                }
            }
        } finally {
            restore(restore);
            p.destroy();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /**
     * Ignores the signals while the child runs. Through sun.misc.Signal (jdk.unsupported, present in
     * every JDK), by reflection: javac warns about it as a proprietary API with no way to silence that.
     * Where it is missing, Ctrl-C simply also stops this JVM (the child gets it too).
     */
    private static List<Object> ignore(String... names) {
        List<Object> previous = new ArrayList<>();
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object ign = handler.getField("SIG_IGN").get(null);
            Method handle = signal.getMethod("handle", signal, handler);
            for (String n : names) {
                Object s = signal.getConstructor(String.class).newInstance(n);
                previous.add(new Object[] {handle, s, handle.invoke(null, s, ign)});
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not available: see above
        }
        return previous;
    }

    private static void restore(List<Object> previous) {
        for (Object o : previous) {
            Object[] x = (Object[]) o;
            try {
                ((Method) x[0]).invoke(null, x[1], x[2]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the JVM is ending anyway
            }
        }
    }
}

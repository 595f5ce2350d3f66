package io.github.usmartkit.internal.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps the kit's long-lived threads (HTTP client selectors and workers, an embedded sandbox's
 * server) out of the caller's thread group.
 *
 * <p>Why: JShell's in-process engine ({@code executionEngine("local")}, used by the kit's script
 * runner and by in-process notebook kernels) runs each snippet in a fresh thread group and then
 * joins every thread of that group (JDK 17 {@code LocalExecutionControl.invoke}). A JDK
 * {@code HttpClient} built inside a snippet starts a selector thread there that lives as long
 * as the client, so the snippet never returned (seen here as a hang of {@code sandbox();}).
 * Threads started from a thread of the root group belong to the root group and are not joined.
 */
public final class Threads {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Threads() {
    }

    private static ThreadGroup root() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }

    /** Runs {@code work} in a short-lived thread of the root thread group and returns its result. */
    public static <T> T outsideCallerGroup(String name, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(root(), () -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
        return result.get();
    }

    /**
     * A pool of daemon threads in the root thread group shared by every session (a static field):
     * a thread idle for a second ends, so that nothing of the kit lingers once its sessions are
     * closed, while back-to-back calls (a replace, then its refresh) still reuse their threads.
     */
    public static ExecutorService sharedPool(String name) {
        ThreadGroup g = root();
        return new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(g, r, name + "-" + COUNTER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A cached pool of daemon threads in the root thread group. */
    public static ExecutorService daemonPool(String name) {
        ThreadGroup g = root();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(g, r, name + "-" + COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}

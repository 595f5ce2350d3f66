package io.github.usmartkit;

import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * In-process JShell joins every thread a snippet's thread group holds (see {@code Threads}):
 * using the kit, Kit.sandbox() included, must leave no thread behind in the caller's group.
 */
class ThreadGroupTest {

    @TempDir
    Path dir;

    private static List<String> threadsIn(ThreadGroup g) {
        Thread[] list = new Thread[g.activeCount() + 16];
        int n = g.enumerate(list, true);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(list[i].getName());
        }
        return names;
    }

    @Test
    void sessionUploadRefreshAndSandbox_leaveNoThreadInCallersGroup() throws Exception {
        ThreadGroup caller = new ThreadGroup("snippet");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Path csv = Sandboxes.csv(dir, "t.csv", 5);
        try (Sandbox sb = Sandbox.start()) {
            Thread t = new Thread(caller, () -> {
                try {
                    try (USmart u = Sandboxes.connect(sb, sb.providerKey())) {
                        u.dataset(Sandboxes.PLAYGROUND).add(csv);
                        u.dataset(Sandboxes.AIR).refreshAll();
                        u.rows(Sandboxes.CAR_API, 3);
                    }
                    Kit.sandbox();
                    Kit.dataset(Sandboxes.AIR).view();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();
            Thread.sleep(200); // let pool threads of finished work wind down
            assertNull(failure.get());
            assertEquals(List.of(), threadsIn(caller));
        } finally {
            Kit.close();
        }
    }
}

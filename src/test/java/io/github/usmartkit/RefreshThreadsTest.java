package io.github.usmartkit;

import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * refreshAll's threads are the session's: kept between refreshAlls more than a second apart
 * (a shared pool ended them after a second, and every refreshAll started them again), and
 * ended when the session closes, so that none outlives it.
 */
class RefreshThreadsTest {

    private static Set<Thread> refreshers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("usmart-refresh-"))
                .collect(Collectors.toSet());
    }

    @Test
    void refreshThreads_areKeptBetweenRefreshAlls_andEndWithTheSession() throws Exception {
        Set<Thread> before = refreshers();
        try (Sandbox sb = Sandbox.start()) {
            USmart u = Sandboxes.connect(sb, sb.providerKey());
            Dataset air = u.dataset(Sandboxes.AIR);
            int pipelines = air.refreshAll().results().size();
            assertTrue(pipelines > 0, "the demo dataset has pipelines");
            Set<Thread> first = refreshers();
            first.removeAll(before);
            Thread.sleep(1500); // longer than the shared pools keep an idle thread
            air.refreshAll();
            Set<Thread> second = refreshers();
            second.removeAll(before);
            assertEquals(first, second, "the second refreshAll ran on the threads of the first");
            u.close();
            long end = System.nanoTime() + 5_000_000_000L;
            while (first.stream().anyMatch(Thread::isAlive) && System.nanoTime() < end) {
                Thread.sleep(20); // polling the threads' states: nothing to wait on
            }
            assertEquals(Set.of(), first.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet()),
                    "refresh threads alive after the session closed");
        }
    }
}

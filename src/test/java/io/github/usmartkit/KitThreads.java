package io.github.usmartkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kit's HTTP threads ({@code usmart-call-*} waiting for an attempt, {@code usmart-http-*} and
 * {@code usmart-put-*} running the JDK clients' work) that are busy in an exchange: a stack with a
 * frame of the kit, Unirest or the JDK's HTTP client. An idle pool thread waits in
 * {@code ThreadPoolExecutor.getTask} with none of those on its stack. Public for the soak
 * ({@code io.github.usmartkit.soak}).
 */
public final class KitThreads {

    private static final List<String> NAMES = List.of("usmart-call-", "usmart-http-", "usmart-put-");
    private static final List<String> BUSY_IN = List.of("io.github.usmartkit.", "kong.unirest.", "jdk.internal.net.http.", "java.net.http.");

    private KitThreads() {
    }

    /**
     * The kit threads not among {@code before} (thread ids) that are still busy in an exchange
     * after waiting up to {@code settle} for them to finish, each as its name and top frames.
     */
    public static List<String> busyAfter(Set<Long> before, Duration settle) {
        long end = System.nanoTime() + settle.toNanos();
        while (true) {
            List<String> busy = busy(before);
            if (busy.isEmpty() || System.nanoTime() > end) {
                return busy;
            }
            try {
                Thread.sleep(20); // polling threads' states: nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return busy;
            }
        }
    }

    private static List<String> busy(Set<Long> before) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> !before.contains(e.getKey().getId()) && e.getKey().isAlive())
                .filter(e -> NAMES.stream().anyMatch(e.getKey().getName()::startsWith))
                .filter(e -> inExchange(e.getValue()))
                .map(KitThreads::describe)
                .toList();
    }

    private static boolean inExchange(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            for (String p : BUSY_IN) {
                if (f.getClassName().startsWith(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Map.Entry<Thread, StackTraceElement[]> e) {
        StringBuilder sb = new StringBuilder(e.getKey().getName()).append(" (").append(e.getKey().getState()).append(")");
        StackTraceElement[] s = e.getValue();
        for (int i = 0; i < Math.min(12, s.length); i++) {
            sb.append("\n    at ").append(s[i]);
        }
        return sb.toString();
    }
}

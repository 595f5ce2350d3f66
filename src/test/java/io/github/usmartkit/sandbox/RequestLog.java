package io.github.usmartkit.sandbox;

/**
 * A sandbox's request log kept in memory ({@code Sandbox.builder().requestLog(log.out())}):
 * one line a request, {@code TIME METHOD PATH STATUS N ms}, written just after the answer.
 */
public final class RequestLog {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private final java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    private int mark;
    private java.util.function.BooleanSupplier settled = () -> true;

    /**
     * Reads of this log first wait (up to 2 s) until {@code settled} says every answered request
     * has been logged: the sandbox writes a request's line just after its answer, so without this
     * the last line may trail the client's return, or a line of the test before land in this one.
     */
    public void settledWhen(java.util.function.BooleanSupplier settled) {
        this.settled = settled;
    }

    private void settle() {
        long end = System.nanoTime() + 2_000_000_000L;
        while (!settled.getAsBoolean() && System.nanoTime() < end) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public java.io.PrintStream out() {
        return out;
    }

    /** Forgets what was logged so far. */
    public synchronized void reset() {
        settle();
        mark = everyLine().size();
    }

    /** The requests since the last {@link #reset()}. */
    public synchronized java.util.List<String> lines() {
        settle();
        java.util.List<String> l = everyLine();
        return l.subList(mark, l.size());
    }

    private java.util.List<String> everyLine() {
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }

    /** Requests since the last reset to {@code route}: {@code "PUT"} or an action such as {@code "file:create"}. */
    public long count(String route) {
        return lines().stream().map(l -> l.split(" ")).filter(f -> f.length > 3
                && (route.equals("PUT") ? f[1].equals("PUT") : f[2].endsWith("/" + route))).count();
    }

    /**
     * The count of {@code route} once it has reached {@code atLeast} (waiting up to 10 s: the
     * sandbox logs a request just after answering it, so the last line may trail the answer).
     */
    public long countOnce(String route, long atLeast) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long n;
        while ((n = count(route)) < atLeast && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return n;
    }
}

package io.github.usmartkit.soak;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every call the kit makes, as it reports them at DEBUG on {@code io.github.usmartkit.http} (one
 * record a call when it ends: the action, ok or failed, the milliseconds since its deadline was
 * set, the deadline's budget, the attempts): what the soak measures each call's time against.
 */
final class CallLog extends Handler implements AutoCloseable {

    /** One call of the kit. */
    record Call(String action, boolean ok, long elapsedMillis, long budgetMillis, int attempts, long thread) {
        long overMillis() {
            return elapsedMillis - budgetMillis;
        }
    }

    /** Held here: java.util.logging keeps only weak references to loggers, and a collected one forgets its level. */
    private final Logger logger = Logger.getLogger("io.github.usmartkit.http");
    private final Level before;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    CallLog() {
        before = logger.getLevel();
        setLevel(Level.FINE);
        logger.setLevel(Level.FINE);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
        Object[] p = r.getParameters();
        if (p != null && p.length == 5 && p[2] instanceof Number elapsed && p[3] instanceof Number budget && p[4] instanceof Number n) {
            calls.add(new Call(String.valueOf(p[0]), "ok".equals(p[1]), elapsed.longValue(), budget.longValue(), n.intValue(),
                    r.getLongThreadID()));
        }
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void flush() {
        // kept in memory
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(before);
    }
}

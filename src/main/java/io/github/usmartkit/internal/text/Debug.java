package io.github.usmartkit.internal.text;

/**
 * Whether the kit's exceptions capture stack traces: off unless {@code USMART_DEBUG=1} (or
 * {@code true}) is set, or {@code Kit.debug(true)} turned it on. A person at a JShell prompt or in
 * a notebook needs the message and what to do; the kit's internal frames only confuse.
 */
public final class Debug {

    private static volatile boolean on = fromEnvironment();

    private Debug() {
    }

    private static boolean fromEnvironment() {
        String v = System.getenv("USMART_DEBUG");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** Whether kit exceptions capture their stack trace. */
    public static boolean stackTraces() {
        return on;
    }

    /** Turns stack traces of kit exceptions on or off for this JVM. */
    public static void stackTraces(boolean enabled) {
        on = enabled;
    }
}

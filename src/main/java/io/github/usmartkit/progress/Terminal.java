package io.github.usmartkit.progress;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is watching: output may then redraw a line in place. */
final class Terminal {

    /**
     * Set by {@code bin/usmart shell} for the JVM that runs JShell snippets: whether its standard
     * error is a terminal (that JVM's own streams are pipes to JShell, so it cannot tell).
     */
    static final String PROPERTY = "usmart.interactive";

    private Terminal() {
    }

    static boolean interactive() {
        String told = System.getProperty(PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        if (System.getProperty("sun.java.command", "").startsWith("jdk.jshell.execution.")) {
            return true; // the JShell tool's own agent: snippets typed at a prompt
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ may return a console for redirected streams; isTerminal() then tells.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only for a terminal
        }
    }
}

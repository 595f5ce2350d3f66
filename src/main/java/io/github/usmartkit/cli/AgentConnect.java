package io.github.usmartkit.cli;

import java.util.Map;

/**
 * Connects the kit inside the JVM that runs an interactive shell's snippets, as {@code usmart shell}
 * decided (it has checked the credentials already): {@link #premain} (the JVM's {@code -javaagent})
 * or else {@code jshell-startup/connect.jsh} starts {@link #fromProperties()} on a thread of its
 * own, and {@code banner.jsh} awaits it. That JVM is started by JShell and gets only system
 * properties from the command line, not environment variables.
 */
public final class AgentConnect {

    /** {@code sandbox}, {@code profile:NAME}, {@code url:URL}, or absent: the kit's own choice from the environment. */
    static final String PROPERTY = "usmart.shell.connect";

    private AgentConnect() {
    }

    /**
     * Opens the kit's session ({@code Kit.session()}) as {@code -Dusmart.shell.connect} says: the local
     * sandbox, a profile, or a running sandbox; does nothing without it. Makes no call to uSmart.
     *
     * @throws io.github.usmartkit.error.ConfigurationException if the settings are missing or unsafe
     */
    public static void fromProperties() {
        String how = System.getProperty(PROPERTY, "");
        if (how.isEmpty()) {
            return;
        }
        ConnectOptions o = new ConnectOptions();
        if (how.equals("sandbox")) {
            o.sandbox = true;
        } else if (how.startsWith("profile:")) {
            o.profile = how.substring("profile:".length());
        } else if (how.startsWith("url:")) {
            o.sandboxUrl = how.substring("url:".length());
        }
        Map<String, String> env = System.getenv();
        Connection.open(o, new Context(env, System.out, System.err, System.in, false));
    }

    private static Thread early;
    private static RuntimeException failed;

    /**
     * Starts {@link #fromProperties()} on a thread of its own and returns at once: {@code connect.jsh},
     * the shell's first start-up script, calls it so that the kit connects (the sandbox starting
     * included) while JShell compiles the start-up imports; {@link #await()} then waits for it.
     */
    public static synchronized void start() {
        if (early != null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                fromProperties();
            } catch (RuntimeException e) {
                synchronized (AgentConnect.class) {
                    failed = e;
                }
            }
        }, "usmart-connect");
        t.setDaemon(true);
        t.start();
        early = t; // only once it runs: a thread that could not start is tried again by the next call
    }

    /**
     * The snippets' JVM's first code ({@code -javaagent:usmart-kit.jar}, which {@link ShellCommand}
     * adds; the jar's {@code Premain-Class}): starts connecting as {@code -Dusmart.shell.connect}
     * says, before JShell sends its first snippet: JShell does so once its compiler is up, about a
     * second after this JVM started, and until then this JVM idled; the sandbox's start and the
     * client's now run in that second. Without the
     * property it does nothing (the kit chooses when a snippet asks). It never throws: a premain
     * that throws ends the JVM; {@code banner.jsh}'s {@link #await()} then starts the connection.
     */
    public static void premain(String agentArgs) {
        try {
            if (!System.getProperty(PROPERTY, "").isEmpty()) {
                start();
            }
        } catch (RuntimeException | Error e) {
            // await() starts it
        }
    }

    /**
     * Waits for the connection {@link #start()} began (starting it if nothing did), as
     * {@code banner.jsh} does before it says where the kit is connected.
     *
     * @throws io.github.usmartkit.error.ConfigurationException what {@link #fromProperties()} threw
     */
    public static void await() throws InterruptedException {
        Thread t;
        synchronized (AgentConnect.class) {
            start();
            t = early;
        }
        t.join();
        synchronized (AgentConnect.class) {
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** The property's value for these options, or null to let the kit choose from the environment. */
    static String value(ConnectOptions o, boolean sandbox) {
        if (sandbox) {
            return "sandbox";
        }
        if (o.sandboxUrl != null) {
            return "url:" + o.sandboxUrl;
        }
        if (o.profile != null) {
            return "profile:" + o.profile;
        }
        return null;
    }
}

package io.github.usmartkit.kernelpatch;

import io.github.usmartkit.Kit;
import io.github.usmartkit.cli.KernelInstall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.logging.LogManager;
import org.rapaio.jupyter.kernel.MainApp;

/**
 * The kit's kernel: rapaio-jupyter-kernel started quietly, deciding at start where the kit connects.
 * The main class of the kernelspec {@code usmart kernel install} writes (unless {@code --no-fix});
 * part of the kernel patch, on the kernel JVM's class path only.
 *
 * <p>rapaio 3.0.1 prints about 60 lines at every start into the Jupyter server's terminal (and
 * nbconvert's output): two per class-path entry on stdout, from {@code JavaEngine.Builder.build} while
 * {@code MainApp} initialises, then at INFO every channel it binds, every message it handles and the
 * whole connection file, HMAC {@code key} included. Here those class-path lines are dropped, the
 * logging is set to warnings (by the patch's {@code logging.properties}, which rapaio also reads), and
 * the kit prints ONE line: its version and where it is connected.
 *
 * <p>Where it connects is decided now, from the environment and credentials as they are at start
 * ({@link Kit#session()}: {@code USMART_SANDBOX=1} → a local sandbox, else the credentials), not
 * when the kernel was installed. Without any, the line says so and the first kit call in a cell fails
 * with the kit's {@code ConfigurationException}, which names both ways out.
 */
public final class KernelMain {

    private KernelMain() {
    }

    /**
     * Runs the kernel on the connection file {@code args[0]}, as {@code MainApp.main} does; with
     * {@code --train}, only starts it and exits (for the class-data archive {@code kernel install} makes).
     */
    public static void main(String[] args) throws Exception {
        // The process's own stderr, kept: rapaio points System.err at the running cell while it runs.
        PrintStream stderr = System.err;
        boolean train = args.length == 1 && args[0].equals("--train");
        quietLogging();
        PrintStream stdout = System.out;
        ClasspathEchoFilter filter = new ClasspathEchoFilter(stdout);
        System.setOut(new PrintStream(filter, true, Charset.defaultCharset()));
        try {
            // MainApp's static initialiser builds the kernel (JShell, class path, init script).
            Class.forName(MainApp.class.getName(), true, KernelMain.class.getClassLoader());
        } finally {
            System.out.flush();
            filter.finish();
            System.setOut(stdout);
        }
        // Connects once JShell is up, while the kernel answers Jupyter. Started before JShell, it competed
        // with JShell's start-up for the CPU: the first result came about 2 s later on a loaded 2-core
        // machine (1 s after this point). Cells that use the kit wait for it: the kit's session methods
        // are synchronized. Not a daemon: a kernel shut down at once still prints its line first.
        if (train) {
            // `usmart kernel install` runs this once with -XX:ArchiveClassesAtExit: what a start loads
            // (rapaio's kernel, JShell and the init script above, the kit and a sandbox here) is what
            // the archive keeps. No connection file: the kernel never serves Jupyter.
            stderr.println(startLine());
            System.exit(0);
        }
        new Thread(() -> stderr.println(startLine()), "usmart-kit-connect").start();
        MainApp.main(args);
    }

    /**
     * The one line printed at start: {@code usmart-kit VERSION kernel: SANDBOX http://…}, {@code …:
     * organisation ORG at URL}, or {@code …: not connected (…)} with what to do. Connects the kit's
     * session (no call to uSmart is made).
     */
    static String startLine() {
        String prefix = "usmart-kit " + kitVersion() + " kernel: ";
        try {
            Kit.session();
            return prefix + Kit.connectedTo().orElse("not connected");
        } catch (RuntimeException | LinkageError e) {
            // The first kit call in a cell throws the same, in full, in the kit's error box.
            String why = String.valueOf(e.getMessage());
            if (why.length() > 120) {
                why = why.substring(0, 119) + "…";
            }
            return prefix + "not connected (" + e.getClass().getSimpleName() + ": " + why + "). Kit calls fail until uSmart "
                    + "credentials are set up (~/.usmart/credentials, or USMART_ORG, USMART_API_KEY_ID, USMART_API_KEY_SECRET), "
                    + "or the kernel is started with USMART_SANDBOX=1 for a local sandbox.";
        }
    }

    private static String kitVersion() {
        try {
            return KernelInstall.kitVersion();
        } catch (IllegalStateException e) {
            return "?";
        }
    }

    /** The patch's logging.properties (warnings only), before rapaio's MainApp reads it again. */
    private static void quietLogging() {
        try (InputStream in = KernelMain.class.getClassLoader().getResourceAsStream("logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("usmart-kit kernel patch: logging not configured (" + e + ")");
        }
    }

    /**
     * Passes stdout through, except the two lines rapaio 3.0.1's {@code JavaEngine.Builder.build} prints
     * for every class-path entry ({@code Parsing classpath: P} and {@code Add P to classpath}).
     */
    static final class ClasspathEchoFilter extends OutputStream {
        private final OutputStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        ClasspathEchoFilter(OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                endLine();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        /** Passes on what is left of an unfinished line. */
        synchronized void finish() throws IOException {
            if (line.size() > 0) {
                line.writeTo(target);
                line.reset();
            }
            target.flush();
        }

        private void endLine() throws IOException {
            String text = line.toString(Charset.defaultCharset()).strip();
            boolean echo = text.startsWith("Parsing classpath: ") || text.startsWith("Add ") && text.endsWith(" to classpath");
            if (!echo) {
                line.writeTo(target);
                target.flush();
            }
            line.reset();
        }
    }
}

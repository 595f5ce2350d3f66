package io.github.usmartkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a person watches standard error: the progress line may then redraw itself in place. */
final class Terminals {

    /** What the progress package reads to tell a terminal from a log (see ProgressListener.auto()). */
    static final String PROPERTY = "usmart.interactive";

    private Terminals() {
    }

    /**
     * Tells the progress package whether standard error is a terminal, unless told already. Java 17
     * only says whether standard input and output both are ({@code System.console()}), which is wrong
     * both ways for {@code usmart publish … 2>>job.log} and {@code usmart rows … | head}.
     */
    static void tellProgress(Context context) {
        if (context.process() && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, String.valueOf(stderrIsTerminal()));
        }
    }

    /** Whether file descriptor 2 is a terminal: on Linux from {@code /proc}, elsewhere whether there is a console. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}

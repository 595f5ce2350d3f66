package io.github.usmartkit.progress;

import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The console's one progress line: redrawn in place with a carriage return, ended with a newline.
 * It never gets wider than {@value #WIDTH} columns: a line that wraps in the terminal could no
 * longer be redrawn by a carriage return, which only goes back to the start of its last row.
 */
final class ConsoleLine implements Consumer<ProgressLine> {

    static final int WIDTH = 100;

    private static final Pattern GUID =
            Pattern.compile("\\b([0-9a-fA-F]{8})-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

    private final PrintStream out;
    private int lastLength;

    ConsoleLine(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void accept(ProgressLine line) {
        String text = fit(line.toText());
        out.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
        lastLength = text.length();
        if (line.ok() != null) {
            out.println(); // the line is finished: whatever prints next starts below it
            lastLength = 0;
        }
        out.flush();
    }

    /** GUIDs shortened to their first 8 characters, then cut to {@value #WIDTH} columns. */
    static String fit(String text) {
        String s = GUID.matcher(text).replaceAll("$1…");
        return s.length() <= WIDTH ? s : s.substring(0, WIDTH - 1) + "…";
    }
}

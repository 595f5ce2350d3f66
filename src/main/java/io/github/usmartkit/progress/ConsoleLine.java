package io.github.usmartkit.progress;

import java.io.PrintStream;
import java.util.function.Consumer;

/** The console's one progress line: redrawn in place with a carriage return, ended with a newline. */
final class ConsoleLine implements Consumer<ProgressLine> {

    private final PrintStream out;
    private int lastLength;

    ConsoleLine(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void accept(ProgressLine line) {
        String text = line.toText();
        out.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
        lastLength = text.length();
        if (line.ok() != null) {
            out.println(); // the line is finished: whatever prints next starts below it
            lastLength = 0;
        }
        out.flush();
    }
}

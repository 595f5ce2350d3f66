package io.github.usmartkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProgressChoiceTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void notAKernelNorATerminal_logLines() {
        ProgressListener p = Progress.choose(false, null, false, errStream);
        assertInstanceOf(LogLines.class, p);
        p.update("upload a.csv", 0, 10);
        String out = err.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("upload a.csv: uploading 10 B\n") && !out.contains("\r"), out);
    }

    @Test
    void aTerminal_oneLineRedrawnOnStandardError() {
        ProgressListener p = Progress.choose(false, null, true, errStream);
        p.update("upload a.csv", 0, 10);
        p.finished("upload a.csv", true);
        String out = err.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rupload a.csv [") && out.endsWith("✓ done\n"), out);
    }

    @Test
    void aNotebookDisplay_winsOverTheTerminal_andGetsItsOwnLinePerOperation() {
        List<List<ProgressLine>> displays = new ArrayList<>();
        ProgressDisplay notebook = new ProgressDisplay() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public Consumer<ProgressLine> open() {
                List<ProgressLine> one = new ArrayList<>();
                displays.add(one);
                return one::add;
            }
        };
        ProgressListener upload = Progress.choose(false, notebook, true, errStream);
        upload.update("upload a.csv", 0, 10);
        upload.finished("upload a.csv", true);
        ProgressListener refresh = Progress.choose(false, notebook, true, errStream);
        refresh.update("refresh A", 1, 1);
        refresh.finished("refresh A", true);
        assertEquals(2, displays.size());
        assertEquals("refresh A", displays.get(1).get(0).task());
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on the console");
    }

    @Test
    void testsRunWithoutKernelOrTerminal_soTheDefaultIsLogLines() {
        // the rapaio provider is listed in META-INF/services but is not available outside its kernel
        assertFalse(Terminal.interactive(), "surefire's JVM has no terminal");
        assertInstanceOf(LogLines.class, ProgressListener.auto());
        assertInstanceOf(LogLines.class, ProgressListener.shown());
    }

    @Test
    void theLauncherSaysWhetherAPersonWatches() {
        String old = System.getProperty(Terminal.PROPERTY);
        try {
            System.setProperty(Terminal.PROPERTY, "true");
            assertTrue(Terminal.interactive());
            System.setProperty(Terminal.PROPERTY, "false");
            assertFalse(Terminal.interactive());
        } finally {
            if (old == null) {
                System.clearProperty(Terminal.PROPERTY);
            } else {
                System.setProperty(Terminal.PROPERTY, old);
            }
        }
    }
}

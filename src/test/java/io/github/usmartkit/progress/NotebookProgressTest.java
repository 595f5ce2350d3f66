package io.github.usmartkit.progress;

import io.github.usmartkit.internal.display.Displays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookProgressTest {

    @Test
    void manyUpdates_showOneLineRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NotebookProgress p = new NotebookProgress(new NotebookProgress.TextSink(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        for (int i = 0; i <= 1000; i++) {
            p.update("upload air.csv", i * 1024L, 1000 * 1024L);
        }
        p.finished("upload air.csv", true);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.split("\n", -1).length - 1, "exactly one line ends: " + out);
        assertTrue(out.endsWith("✓ done\n"), out);
        assertTrue(out.contains("100%"), out);
        // throttled: far fewer redraws than updates
        assertTrue(out.split("\r", -1).length < 50, "redraws: " + out.split("\r", -1).length);
    }

    @Test
    void sinkSeesSameDisplayUpdated() {
        List<NotebookProgress.ProgressLine> shown = new ArrayList<>();
        NotebookProgress p = new NotebookProgress(shown::add);
        p.update("refresh", 0, 3);
        p.update("refresh", 3, 3);
        p.finished("refresh", false);
        assertEquals(3, shown.size());
        assertEquals(Boolean.FALSE, shown.get(2).ok());
        assertTrue(shown.get(2).toHtml().contains("✗ failed"), shown.get(2).toHtml());
    }

    @Test
    void failingSink_neverBreaksTheWork() {
        NotebookProgress p = new NotebookProgress(line -> {
            throw new IllegalStateException("display closed");
        });
        p.update("upload", 1, 2);
        p.finished("upload", true);
        assertTrue(p.last().ok());
    }

    @Test
    void line_escapesTaskInHtml() {
        String html = new NotebookProgress.ProgressLine("<b>x</b>", 1, 2, null).toHtml();
        assertFalse(html.contains("<b>x</b>"), html);
        assertTrue(html.contains("50%"), html);
    }

    @Test
    void create_outsideAKernel_writesTextNotKernelDisplays() {
        assertFalse(Displays.inRapaioKernel(), "tests do not run inside rapaio-jupyter-kernel");
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            NotebookProgress p = NotebookProgress.create();
            p.update("refresh", 1, 1);
            p.finished("refresh", true);
        } finally {
            System.setOut(old);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("✓ done\n"), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refreshCountsPipelines_uploadCountsBytes() {
        assertEquals("refresh Air [##########          ]  50% 1 / 2",
                new NotebookProgress.ProgressLine("refresh Air", 1, 2, null).toText());
        assertTrue(new NotebookProgress.ProgressLine("upload a.csv", 1024, 2048, null).toText().endsWith("1.0 KiB / 2.0 KiB"));
    }
}

package io.github.usmartkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void transfer_showsBarBinaryUnitsRateAndElapsed() {
        String text = new ProgressLine("upload a.csv", 5 * MIB, 10 * MIB, null, 2.0, null).toText();
        assertEquals("upload a.csv [##########          ]  50% 5.0 MiB / 10.0 MiB · 2.5 MiB/s · 2.0 s", text);
    }

    @Test
    void count_showsPlainUnitsAndTheStageWhileRunning() {
        assertEquals("refresh Air [##########          ] 1/2 pipelines finished · 3.0 s · csv-to-api: queued → complete",
                new ProgressLine("refresh Air", 1, 2, "csv-to-api: queued → complete", 3.0, null).toText());
    }

    @Test
    void finished_saysDoneOrFailed_withoutRateOrStage() {
        String done = new ProgressLine("upload a.csv", 2048, 2048, "registering", 1.5, true).toText();
        assertEquals("upload a.csv [####################] 100% 2.0 KiB / 2.0 KiB · 1.5 s ✓ done", done);
        assertTrue(new ProgressLine("refresh Air", 1, 2, null, 9.0, false).toText().endsWith("1/2 pipelines finished · 9.0 s ✗ failed"));
    }

    @Test
    void unknownTotal_showsWhatIsDone() {
        assertEquals("upload a.csv 1.0 KiB", new ProgressLine("upload a.csv", 1024, -1, null, 0, null).toText());
        assertEquals(-1, new ProgressLine("x", 1, -1, null, 0, null).percent());
    }

    @Test
    void html_escapesTaskAndStage_andShowsTheBar() {
        String html = new ProgressLine("<b>x</b>", 1, 2, "<i>", 0, null).toHtml();
        assertFalse(html.contains("<b>x") || html.contains("<i>"), html);
        assertTrue(html.contains("&lt;b&gt;x") && html.contains("&lt;i&gt;") && html.contains("width:50%"), html);
        assertTrue(new ProgressLine("x", 1, 2, null, 0, false).toHtml().contains("✗ failed"));
    }

    @Test
    void longWaits_showMinutes() {
        assertEquals("2:05", ProgressLine.seconds(125.4));
        assertEquals("0.3 s", ProgressLine.seconds(0.31));
    }
}

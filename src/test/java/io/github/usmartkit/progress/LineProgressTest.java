package io.github.usmartkit.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineProgressTest {

    private static final long MS = 1_000_000L;

    private long now;
    private final List<ProgressLine> shown = new ArrayList<>();

    private LineProgress progress(long delayNanos) {
        return new LineProgress(shown::add, delayNanos, () -> now);
    }

    @Test
    void delayed_quickOperationShowsNothing() {
        LineProgress p = progress(Progress.DELAY_NANOS);
        p.stage("upload a.csv", "asking for an upload URL");
        now += 100 * MS;
        p.update("upload a.csv", 0, 10);
        now += 200 * MS;
        p.update("upload a.csv", 10, 10);
        p.finished("upload a.csv", true);
        assertEquals(List.of(), shown, "an upload quicker than a second leaves no line to erase or overwrite");
    }

    @Test
    void delayed_slowOperationAppearsAfterASecond_whateverItsSize_andEnds() {
        LineProgress p = progress(Progress.DELAY_NANOS);
        p.update("upload tiny.csv", 0, 10);
        now += 900 * MS;
        p.update("upload tiny.csv", 0, 10);
        assertTrue(shown.isEmpty());
        now += 200 * MS;
        p.update("upload tiny.csv", 5, 10);
        assertEquals(1, shown.size());
        now += 300 * MS;
        p.finished("upload tiny.csv", true);
        assertEquals(2, shown.size());
        assertEquals(Boolean.TRUE, shown.get(1).ok());
        assertEquals(1.4, shown.get(1).seconds(), 1e-9);
    }

    @Test
    void shown_throttlesRedrawsButAlwaysShowsCompletion() {
        LineProgress p = progress(0);
        p.update("upload a.csv", 0, 100);
        for (int i = 1; i < 100; i++) {
            now += MS;
            p.update("upload a.csv", i, 100);
        }
        now += MS;
        p.update("upload a.csv", 100, 100);
        assertEquals(2, shown.size(), "the first state and the complete one, not 101 redraws: " + shown);
        assertEquals(100, shown.get(1).percent());
    }

    @Test
    void finished_closesTheLine_lateUpdatesAreIgnored_aNewAttemptReopensIt() {
        LineProgress p = progress(0);
        p.update("upload a.csv", 0, 100);
        p.finished("upload a.csv", false);
        int before = shown.size();
        now += 500 * MS;
        p.update("upload a.csv", 100, 100); // a late report from the HTTP client's thread
        p.stage("upload a.csv", "registered");
        p.finished("upload a.csv", true);
        assertEquals(before, shown.size(), "nothing redraws over what was printed after the line ended");
        p.update("upload a.csv", 0, 100); // the retry
        assertEquals(before + 1, shown.size());
        assertNull(shown.get(shown.size() - 1).ok());
    }

    @Test
    void aFailureEndsTheLineShown_underItsOwnName() {
        LineProgress p = progress(0);
        p.update("refresh Air quality readings", 1, 2);
        p.finished("refresh 114f8ea9", false);
        assertEquals("refresh Air quality readings", shown.get(shown.size() - 1).task());
        assertEquals(Boolean.FALSE, shown.get(shown.size() - 1).ok());
    }

    @Test
    void aFailureBeforeAnythingBegan_showsNothing() {
        LineProgress p = progress(0);
        p.finished("refresh 114f8ea9", false);
        assertEquals(List.of(), shown);
    }

    @Test
    void stage_isShownWhileRunning() {
        LineProgress p = progress(0);
        p.stage("upload a.csv", "asking for an upload URL");
        assertEquals("asking for an upload URL", shown.get(0).stage());
        assertTrue(shown.get(0).toText().contains("asking for an upload URL"), shown.get(0).toText());
    }

    @Test
    void aFailingDisplay_neverBreaksTheOperation() {
        LineProgress p = new LineProgress(line -> {
            throw new IllegalStateException("display gone");
        }, 0, () -> now);
        p.update("upload a.csv", 1, 2);
        p.finished("upload a.csv", true);
        assertEquals(Boolean.TRUE, p.last().ok());
    }

    @Test
    void ticks_showASmallUploadWaitingForItsAnswer_afterASecond_withTheTimeMoving() {
        LineProgress p = progress(Progress.DELAY_NANOS);
        p.update("upload tiny.csv", 0, 10);
        p.update("upload tiny.csv", 10, 10); // every byte sent at once; then no news while the store answers
        now += 500 * MS;
        p.tick();
        assertTrue(shown.isEmpty(), "not before the delay");
        now += 600 * MS;
        p.tick();
        assertEquals(1, shown.size(), "shown on a tick, without news");
        assertEquals(1.1, shown.get(0).seconds(), 1e-9);
        now += 100 * MS;
        p.tick();
        assertEquals(1, shown.size(), "ticks are throttled like updates");
        now += 400 * MS;
        p.tick();
        assertEquals(2, shown.size());
        assertEquals(1.6, shown.get(1).seconds(), 1e-9, "the elapsed time moves");
        assertEquals(10, shown.get(1).done());
    }

    @Test
    void ticks_neverDrawAfterTheFinalLine() {
        LineProgress p = progress(0);
        p.update("refresh Air", 0, 2);
        now += 2000 * MS;
        p.update("refresh Air", 2, 2);
        p.finished("refresh Air", true);
        int lines = shown.size();
        now += 2000 * MS;
        p.tick();
        assertEquals(lines, shown.size(), "the final line stays the last one drawn");
        assertEquals(Boolean.TRUE, shown.get(lines - 1).ok());
    }

    @Test
    void ticks_stopAfterLongSilence_soThatAnOperationThatNeverEndedCannotDrawForever() {
        LineProgress p = progress(0);
        p.update("upload a.csv", 0, 10);
        now += LineProgress.QUIET_NANOS + MS;
        p.tick();
        assertEquals(1, shown.size(), "the first update only");
    }

    @Test
    void aTickingLine_redrawsOnItsOwn() throws Exception {
        List<ProgressLine> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        LineProgress p = new LineProgress(seen::add, 0, System::nanoTime, true);
        p.update("upload a.csv", 0, 10);
        long until = System.nanoTime() + 5_000 * MS;
        while (seen.size() < 3 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(seen.size() >= 3, "redrawn by the ticker: " + seen);
        p.finished("upload a.csv", true);
        int lines = seen.size();
        Thread.sleep(600);
        assertEquals(lines, seen.size(), "no tick after the end");
    }

    @Test
    void anUploadsFirstBytes_endTheStepBeforeThem() {
        LineProgress p = progress(0);
        p.stage("upload a.csv", "asking for an upload URL");
        p.update("upload a.csv", 0, 10);
        assertNull(p.last().stage(), "not still \"asking for an upload URL\" while the bytes go");
    }
}

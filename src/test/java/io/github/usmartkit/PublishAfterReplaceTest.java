package io.github.usmartkit;

import io.github.usmartkit.error.RefreshFailedException;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.upload.PublishReport;
import io.github.usmartkit.upload.UploadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publish that fails after its new revision landed (the soak met it: a refresh or a view kept
 * failing) says that the file was replaced, so that nobody takes the failure for "nothing
 * changed"; publishing again finishes the job without sending the file again.
 */
class PublishAfterReplaceTest {

    @RegisterExtension
    static final Sandboxes.Session session = new Sandboxes.Session(b -> b.processingDelay(Duration.ofMillis(50)));

    @TempDir
    Path dir;

    @Test
    void aRefreshThatKeepsFailing_saysTheFileWasReplaced_andPublishingAgainFinishes() throws Exception {
        USmart u = session.usmart();
        Path car = Sandboxes.carCsv(dir, "car.csv", 17);
        UploadOptions quiet = UploadOptions.defaults().progress(ProgressListener.none());
        long before = u.dataset(CAR).view().file(CAR_FILE).orElseThrow().revision();
        session.sandbox().faults().failNext("resourceContainer:process", 503, 20);
        RefreshFailedException e = assertThrows(RefreshFailedException.class,
                () -> u.dataset(CAR).publish(CAR_FILE, car, quiet, Duration.ofSeconds(30)));
        session.sandbox().faults().clear();
        long after = u.dataset(CAR).view().file(CAR_FILE).orElseThrow().revision();
        assertEquals(before + 1, after, "the replace landed");
        assertTrue(e.what().startsWith("file " + CAR_FILE + " was replaced (revision " + after + ", "), e.what());
        assertTrue(e.whatToDo().contains("publish again"), e.whatToDo());
        assertTrue(e.results().outcomes().contains("1 FAILED"), "the per-pipeline results are kept: " + e.results().outcomes());

        PublishReport again = u.dataset(CAR).publish(CAR_FILE, car, quiet, Duration.ofSeconds(30));
        assertEquals(PublishReport.UNCHANGED, again.outcome(), again.summary());
        assertTrue(again.ok(), again.summary());
        assertEquals(after, u.dataset(CAR).view().file(CAR_FILE).orElseThrow().revision(), "not sent again");
        assertTrue(again.warnings().stream().anyMatch(w -> w.contains("refreshed")), again.warnings().toString());
    }
}

package io.github.usmartkit;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.sandbox.RequestLog;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write the service answers only after the kit stopped waiting (the soak met it with slow
 * answers longer than the read timeout): the service carries it out afterwards, so "not there yet"
 * right after the timeout proves nothing. The kit does not send it again — sent again, it landed
 * twice — and says that it may have landed; checking later finds it, and nothing is sent twice.
 */
class SlowWriteTest {

    /** Longer than the sessions' read timeout: the write is carried out after the kit gave up on its answer. */
    static final Duration SLOW = Duration.ofMillis(2500);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private static Sandbox sandbox(String route, RequestLog log) {
        return Sandbox.builder().processingDelay(Duration.ofMillis(20)).requestLog(log.out())
                .faults("seed=1,slow=1,delay=" + SLOW.toMillis() + "ms,routes=" + route).start();
    }

    private static USmart session(Sandbox sb) {
        return Sandboxes.builder(sb, sb.providerKey()).readTimeout(READ_TIMEOUT)
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20))).connect();
    }

    @Test
    void anAddAnsweredTooLate_isNotSentAgain_andIsFoundLater() throws Exception {
        RequestLog log = new RequestLog();
        try (Sandbox sb = sandbox("file:create", log); USmart u = session(sb)) {
            Path f = Sandboxes.csv(dir, "late.csv", 4);
            RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                    () -> u.dataset(Sandboxes.PLAYGROUND).add(f, UploadOptions.defaults().progress(ProgressListener.none())));
            assertTrue(e.mayHaveLanded(), e.getMessage());
            assertTrue(e.what().contains("may still be carrying it out"), e.what());
            assertEquals(1, log.countOnce("file:create", 1), "sent once: " + log.lines());
            Thread.sleep(SLOW.toMillis() + 500); // the service carries it out meanwhile
            UploadResult r = e.retryRegister();
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("had landed")), r.warnings().toString());
            List<String> named = u.dataset(Sandboxes.PLAYGROUND).view().files().stream().map(x -> x.fileName())
                    .filter("late.csv"::equals).toList();
            assertEquals(1, named.size(), "one file, not two: " + u.dataset(Sandboxes.PLAYGROUND).view().files());
            assertEquals(1, log.count("file:create"), "the retry found it and sent nothing: " + log.lines());
        }
    }

    @Test
    void aPipelineAnsweredTooLate_isNotMadeTwice() throws Exception {
        RequestLog log = new RequestLog();
        try (Sandbox sb = sandbox("resourceContainer:create", log); USmart u = session(sb)) {
            ServiceException e = assertThrows(ServiceException.class,
                    () -> u.dataset(Sandboxes.CAR).createPipeline("csv-to-download", Sandboxes.CAR_FILE));
            assertTrue(e.whatToDo().contains("may have landed") && e.what().contains("may still be carrying it out"), e.getMessage());
            assertEquals(1, log.countOnce("resourceContainer:create", 1), "sent once: " + log.lines());
            Thread.sleep(SLOW.toMillis() + 500);
            List<PipelineInfo> made = u.dataset(Sandboxes.CAR).view().pipelines().stream()
                    .filter(p -> "csv-to-download".equals(p.pipelineId())).toList();
            assertEquals(1, made.size(), "one container, not two: " + made);
        }
    }
}

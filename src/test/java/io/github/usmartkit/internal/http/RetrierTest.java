package io.github.usmartkit.internal.http;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.http.Problem.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry policy's decisions, on a fake clock: nothing here sleeps. */
class RetrierTest {

    /** A clock that advances only when the retrier sleeps (or a test says so). */
    static final class FakeClock implements Retrier.Clock {
        long now;
        final List<Duration> slept = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            slept.add(d);
            now += d.toNanos();
        }
    }

    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofMinutes(2));

    private static Problem problem(int status, Duration retryAfter) {
        return ErrorMapping.answered(Action.DATASET_VIEW, "ds", status, status, null, "injected", retryAfter, "org");
    }

    @Test
    void safeCall_retriesTransientFailuresWithBackoff_untilItSucceeds() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY, clock, () -> 0.0);
        AtomicInteger calls = new AtomicInteger();
        String v = r.run(Action.DATASET_VIEW, r.deadline(), limit ->
                calls.incrementAndGet() < 3 ? Outcome.failed(problem(503, null)) : Outcome.ok("done"));
        assertEquals("done", v);
        assertEquals(3, calls.get());
        assertEquals(List.of(Duration.ofMillis(125), Duration.ofMillis(250)), clock.slept,
                "equal jitter with random 0: half of 250 ms, then half of 500 ms");
    }

    @Test
    void retryAfter_longerThanTheBackoff_isHonoured() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY, clock, () -> 0.5);
        AtomicInteger calls = new AtomicInteger();
        r.run(Action.DATASET_VIEW, r.deadline(), limit ->
                calls.incrementAndGet() == 1 ? Outcome.failed(problem(429, Duration.ofSeconds(3))) : Outcome.ok("x"));
        assertEquals(List.of(Duration.ofSeconds(3)), clock.slept);
    }

    @Test
    void uncheckedWrite_isNotRepeatedAfterAnAmbiguousFailure_butIsAfterA429() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY, clock, () -> 0.0);
        AtomicInteger calls = new AtomicInteger();
        ServiceException e = assertThrows(ServiceException.class, () -> r.run(Action.FILE_CREATE, r.deadline(), limit -> {
            calls.incrementAndGet();
            return Outcome.failed(ErrorMapping.answered(Action.FILE_CREATE, "ds", 502, 502, null, null, null, "org"));
        }));
        assertEquals(1, calls.get(), "a 502 may have been applied: the caller must check first");
        assertEquals(1, e.attempts());
        calls.set(0);
        r.run(Action.FILE_CREATE, r.deadline(), limit -> calls.incrementAndGet() == 1
                ? Outcome.failed(ErrorMapping.answered(Action.FILE_CREATE, "ds", 429, 429, null, null, null, "org")) : Outcome.ok("x"));
        assertEquals(2, calls.get(), "a 429 was certainly not applied: repeating it is safe");
    }

    @Test
    void attemptsRunOut_theLastProblemIsThrownWithTheCount() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY, clock, () -> 0.0);
        ServiceException e = assertThrows(ServiceException.class,
                () -> r.run(Action.DATASET_VIEW, r.deadline(), limit -> Outcome.failed(problem(500, null))));
        assertEquals(4, e.attempts());
        assertEquals(3, clock.slept.size());
    }

    @Test
    void aWaitThatWouldPassTheDeadline_isNotBegun() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY.withDeadline(Duration.ofSeconds(2)), clock, () -> 0.0);
        USmartException e = assertThrows(USmartException.class,
                () -> r.run(Action.DATASET_VIEW, r.deadline(), limit -> Outcome.failed(problem(429, Duration.ofSeconds(5)))));
        assertEquals(1, e.attempts());
        assertTrue(clock.slept.isEmpty());
        assertTrue(e.what().contains("would pass the call's deadline of 2.0 s"), e.what());
    }

    @Test
    void eachAttemptIsGivenOnlyTheTimeLeft() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY.withDeadline(Duration.ofSeconds(10)), clock, () -> 0.0);
        List<Duration> given = new ArrayList<>();
        assertThrows(USmartException.class, () -> r.run(Action.DATASET_VIEW, r.deadline(), limit -> {
            given.add(limit);
            clock.now += Duration.ofSeconds(3).toNanos(); // each attempt takes 3 s
            return Outcome.failed(problem(503, null));
        }));
        assertEquals(Duration.ofSeconds(10), given.get(0));
        for (int i = 1; i < given.size(); i++) {
            assertTrue(given.get(i).compareTo(given.get(i - 1)) < 0, "less time for each later attempt: " + given);
        }
    }

    @Test
    void anAttemptCutByTheDeadline_reportsTheFailureBeforeIt() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY.withDeadline(Duration.ofSeconds(1)), clock, () -> 0.0);
        AtomicInteger calls = new AtomicInteger();
        ServiceException e = assertThrows(ServiceException.class, () -> r.run(Action.DATASET_VIEW, r.deadline(), limit -> {
            if (calls.incrementAndGet() == 1) {
                return Outcome.failed(problem(503, null));
            }
            clock.now += limit.toNanos(); // the second attempt uses up the rest and times out
            return Outcome.failed(new Problem(Kind.TRANSPORT, Failure.of("dataset:view", "ds", "no complete answer", "wait"), null, true, true));
        }));
        assertEquals(503, e.status(), "the timeout at the deadline says less than the 503 before it");
        assertEquals(2, e.attempts());
    }

    @Test
    void checkedCall_askWhetherItLandedBeforeRepeating() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY, clock, () -> 0.0);
        AtomicInteger sent = new AtomicInteger();
        String v = r.runChecked(r.deadline(), () -> {
            sent.incrementAndGet();
            throw new TransportException(Failure.of("file:create", "ds", "reset", "check"));
        }, () -> "it landed");
        assertEquals("it landed", v);
        assertEquals(1, sent.get(), "found to have landed: never sent again");
    }

    @Test
    void checkedCall_whenTheCheckFails_theCallIsNotRepeatedBlind() {
        FakeClock clock = new FakeClock();
        Retrier r = new Retrier(POLICY, clock, () -> 0.0);
        AtomicInteger sent = new AtomicInteger();
        Retrier.UnknownOutcome e = assertThrows(Retrier.UnknownOutcome.class, () -> r.runChecked(r.deadline(), () -> {
            sent.incrementAndGet();
            throw new TransportException(Failure.of("file:create", "ds", "reset", "check"));
        }, () -> {
            throw new ServiceException(Failure.of("dataset:view", "ds", "down", "later"));
        }));
        assertEquals(1, sent.get());
        assertInstanceOf(TransportException.class, e.call(), "the call's own failure");
        assertInstanceOf(ServiceException.class, e.check(), "why the check could not tell");
    }
}

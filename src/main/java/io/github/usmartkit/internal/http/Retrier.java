package io.github.usmartkit.internal.http;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.http.Problem.Kind;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one call with the retry policy, within the call's {@link Deadline}. A call that is safe to
 * repeat is retried on transient failures (429, 408, 500/502/503/504, I/O errors); a call that is
 * not safe is retried only when the service certainly did not apply it (a 429), and otherwise
 * fails at once so that the caller can check whether it landed ({@link #runChecked}).
 *
 * <p>Time and randomness come from a {@link Clock} and a random source given at construction, so
 * tests of the policy run without sleeping.
 */
public final class Retrier {

    /** Each call's end, at DEBUG: the action, its outcome, its time against its deadline, its attempts. */
    private static final System.Logger CALLS = System.getLogger("io.github.usmartkit.http");

    /** Time as the retrier sees it. */
    public interface Clock {
        long nanoTime();

        void sleep(Duration d) throws InterruptedException;

        /** The system's clock and {@link Thread#sleep}. */
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }
        };
    }

    private final RetryPolicy policy;
    private final Clock clock;
    private final DoubleSupplier random;

    public Retrier(RetryPolicy policy) {
        this(policy, Clock.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    public Retrier(RetryPolicy policy, Clock clock, DoubleSupplier random) {
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** A new deadline of the policy's {@link RetryPolicy#maxTotal()} from now: one per call. */
    public Deadline deadline() {
        return new Deadline(clock, policy.maxTotal());
    }

    /** A new deadline of {@code budget} from now. */
    public Deadline deadline(Duration budget) {
        return new Deadline(clock, budget);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, the policy's attempts run out, or the
     * deadline passes (a wait that would pass it is not begun).
     *
     * @param attempt makes one attempt in at most the time it is given
     * @throws USmartException the last problem, as an exception
     */
    public <T> T run(Action action, Deadline deadline, Function<Duration, Outcome<T>> attempt) {
        int[] attempts = {0};
        boolean ok = false;
        try {
            T value = attempts(action, deadline, attempt, attempts);
            ok = true;
            return value;
        } finally {
            if (CALLS.isLoggable(System.Logger.Level.DEBUG)) {
                // One line a call, for whoever measures calls against their deadlines (the soak does):
                // parameters action, outcome, ms since the deadline was set, its budget in ms, attempts.
                CALLS.log(System.Logger.Level.DEBUG, "{0} {1} after {2} ms of its {3} ms deadline, {4} attempt(s)", action.name(),
                        ok ? "ok" : "failed", deadline.elapsed().toMillis(), deadline.budget().toMillis(), attempts[0]);
            }
        }
    }

    private <T> T attempts(Action action, Deadline deadline, Function<Duration, Outcome<T>> attempt, int[] count) {
        int attempts = 0;
        Problem previous = null;
        while (true) {
            attempts++;
            count[0] = attempts;
            Outcome<T> o = attempt.apply(deadline.remaining());
            if (!o.failed()) {
                return o.value();
            }
            Problem p = o.problem();
            if (previous != null && (p.cutByDeadline() || deadline.passed())) {
                // The attempt was cut short by the deadline: the failure worth reporting is the one before it.
                throw previous.with(previous.failure().withWhat(previous.failure().what() + "; gave up: the call's deadline of "
                        + deadline.describe() + " passed during attempt " + attempts)).toException(attempts);
            }
            previous = p;
            boolean mayRepeat = p.transientFailure() && (action.safeToRepeat() || !p.ambiguous());
            if (!mayRepeat || attempts >= policy.maxAttempts()) {
                throw p.toException(attempts);
            }
            Duration wait = policy.delayBefore(attempts, random.getAsDouble());
            Duration asked = p.failure().retryAfter();
            if (asked != null && asked.compareTo(wait) > 0) {
                wait = asked;
            }
            if (wait.compareTo(deadline.remaining()) >= 0) {
                throw p.with(p.failure().withWhat(p.failure().what() + "; gave up: the next wait of " + humanDuration(wait)
                        + (asked != null && asked.equals(wait) ? " (Retry-After)" : "") + " would pass the call's deadline of "
                        + deadline.describe())).toException(attempts);
            }
            sleep(wait, p.failure());
        }
    }

    /**
     * Runs a call that is not safe to repeat blindly ({@code file:create},
     * {@code resourceContainer:create}, {@code file:updateRevision}): after an ambiguous failure
     * (a 5xx, a timeout, a reset) {@code landed} is asked whether it took effect anyway; only if
     * it says no (null) is the call sent again, within the policy's attempts and the deadline.
     *
     * @param call   makes the call once (its own transport may repeat only what certainly did not land, e.g. a 429)
     * @param landed the result if the call took effect, null if it certainly did not; throws a
     *               {@link USmartException} when it cannot tell (the check failed, or nothing identifies the write)
     * @throws USmartException the last failure of {@code call}, when it certainly did not land
     * @throws UnknownOutcome  when the call failed ambiguously and {@code landed} could not tell: it
     *                         is not sent again
     */
    public <T> T runChecked(Deadline deadline, Supplier<T> call, Supplier<T> landed) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransportException | ServiceException e) {
                T found;
                try {
                    found = landed.get();
                } catch (USmartException checkFailed) {
                    throw new UnknownOutcome(e, checkFailed); // cannot tell whether it landed: do not repeat blindly
                }
                if (found != null) {
                    return found;
                }
                if (mayStillBeUnderWay(e)) {
                    // Not there yet proves nothing while the service may still be carrying it out: sent again, it
                    // could land twice (the soak met it: writes answered after the read timeout, landed after the check).
                    throw new UnknownOutcome(e, new ServiceException(Failure.of(e.action(), e.guid().orElse(null),
                            "dataset:view does not show it yet, but the service had not answered when the kit stopped waiting,"
                                    + " so it may still be carrying it out", "Check again in a while")));
                }
                Duration wait = policy.delayBefore(attempt, random.getAsDouble());
                if (attempt >= policy.maxAttempts() || wait.compareTo(deadline.remaining()) >= 0) {
                    throw e;
                }
                sleep(wait, e.failure());
            }
        }
    }

    /**
     * Whether the failed call may still be under way on the service: no answer came in time (the
     * kit's timeout, a JDK request timeout) or a gateway says it gave up waiting (504). After a 5xx
     * or an answer cut short the service has finished with the request, and a check can tell.
     */
    static boolean mayStillBeUnderWay(USmartException e) {
        if (e.status() == 504) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return false; // never connected: never sent
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A call not safe to repeat failed ambiguously and the check of whether it landed could not
     * tell: it may have landed. Not a kit exception: each caller turns it into one that says so
     * plainly.
     */
    public static final class UnknownOutcome extends RuntimeException {
        private final transient USmartException call;
        private final transient USmartException check;

        /**
         * @param call  the failure of the call, or what made its answer no proof that it landed
         *              (an answer that does not identify what it made)
         * @param check why the check could not tell
         */
        public UnknownOutcome(USmartException call, USmartException check) {
            super(call.getMessage(), call, false, false);
            this.call = call;
            this.check = check;
        }

        /** The failure of the call. */
        public USmartException call() {
            return call;
        }

        /** Why the check could not tell (its own failure, or what was missing to identify the write). */
        public USmartException check() {
            return check;
        }
    }

    /** "250 ms", "1.5 s", "2 min". */
    static String humanDuration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000 || ms % 60_000 != 0) {
            return (ms / 100) / 10.0 + " s";
        }
        return ms / 60_000 + " min";
    }

    private void sleep(Duration wait, Failure f) {
        try {
            clock.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(Failure.of(f.action(), f.guid(), "interrupted while waiting to retry",
                    "The call was abandoned before it was sent again; " + f.what()), e);
        }
    }
}

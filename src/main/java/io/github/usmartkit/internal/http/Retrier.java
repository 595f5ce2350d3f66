package io.github.usmartkit.internal.http;

import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs one call with the retry policy. A call that is safe to repeat is retried on transient
 * failures (429, 408, 500/502/503/504, I/O errors); a call that is not safe is retried only when
 * the service certainly did not apply it (429), and otherwise fails at once so that the caller
 * can check whether it landed.
 */
public final class Retrier {

    /** The result of one attempt: a value or a problem. */
    public record Outcome<T>(T value, Problem problem) {
        public static <T> Outcome<T> ok(T value) {
            return new Outcome<>(value, null);
        }

        public static <T> Outcome<T> failed(Problem problem) {
            return new Outcome<>(null, problem);
        }
    }

    private final RetryPolicy policy;
    private final String[] secrets;

    public Retrier(RetryPolicy policy, String... secrets) {
        this.policy = policy;
        this.secrets = secrets.clone();
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the policy runs out.
     *
     * @param safe whether the call may be repeated after an ambiguous failure
     * @throws USmartException the last problem, as an exception
     */
    public <T> T run(boolean safe, Supplier<Outcome<T>> attempt) {
        long start = System.nanoTime();
        long budget = policy.maxTotal().toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            Outcome<T> o = attempt.get();
            if (o.problem() == null) {
                return o.value();
            }
            Problem p = o.problem();
            boolean mayRepeat = p.transientFailure() && (safe || !p.ambiguous());
            if (!mayRepeat || attempts >= policy.maxAttempts()) {
                throw p.toException(attempts, secrets);
            }
            Duration wait = policy.delayBefore(attempts);
            if (p.retryAfter() != null && p.retryAfter().compareTo(wait) > 0) {
                wait = p.retryAfter();
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed + wait.toNanos() > budget) {
                throw p.withWhat(p.what() + "; gave up: the next wait of " + millis(wait)
                        + (p.retryAfter() != null ? " (Retry-After)" : "") + " would pass the retry time limit of "
                        + millis(policy.maxTotal())).toException(attempts, secrets);
            }
            sleep(wait, p.failure());
        }
    }

    /**
     * Runs a call that is not safe to repeat blindly ({@code file:create},
     * {@code resourceContainer:create}, {@code file:updateRevision}): after an ambiguous failure
     * (a 5xx, a timeout, a reset) {@code landed} is asked whether it took effect anyway; only if
     * it says no (null) is the call sent again, within the policy's attempts and total time.
     *
     * @param call   makes the call once (its own transport may repeat only what certainly did not land, e.g. a 429)
     * @param landed the result if the call took effect, else null
     * @throws USmartException the last failure of {@code call} (also when {@code landed} itself fails)
     */
    public <T> T runChecked(Supplier<T> call, Supplier<T> landed) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransportException | io.github.usmartkit.error.ServiceException e) {
                T found;
                try {
                    found = landed.get();
                } catch (USmartException checkFailed) {
                    throw e; // cannot tell whether it landed: do not repeat blindly
                }
                if (found != null) {
                    return found;
                }
                Duration wait = policy.delayBefore(attempt);
                if (attempt >= policy.maxAttempts() || System.nanoTime() - start + wait.toNanos() > policy.maxTotal().toNanos()) {
                    throw e;
                }
                sleep(wait, Failure.of(e.action(), e.guid().orElse(null)));
            }
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() >= 1000 ? (d.toMillis() / 100) / 10.0 + " s" : d.toMillis() + " ms";
    }

    private void sleep(Duration wait, Failure f) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(f.describe("interrupted while waiting to retry", "The call was abandoned"),
                    f, e);
        }
    }
}

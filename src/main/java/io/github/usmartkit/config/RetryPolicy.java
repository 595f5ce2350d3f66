package io.github.usmartkit.config;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How calls are retried and bounded: exponential backoff with jitter, honouring
 * {@code Retry-After}, a cap on attempts, and one deadline per call.
 *
 * <p>Every call to the service — an action, a read, a catalogue — ends within {@link #maxTotal()},
 * all its attempts and waits included: an attempt still running at the deadline is abandoned
 * (its connection closed, its thread freed) and the call fails with a {@code TransportException}.
 * A PUT of an upload gets at least the time to send its bytes at 64 KB/s on top.
 *
 * @param maxAttempts attempts in all (1 = no retry)
 * @param baseDelay   the delay before the first retry, doubled for each further one
 * @param maxDelay    the longest single wait
 * @param maxTotal    each call's deadline, retries and waits included (must be positive)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw invalid("maxAttempts must be at least 1 (1 = no retry), was " + maxAttempts);
        }
        if (baseDelay == null || maxDelay == null || maxTotal == null) {
            throw invalid("baseDelay, maxDelay and maxTotal must all be given, e.g. RetryPolicy.standard()");
        }
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw invalid("retry delays must not be negative");
        }
        if (maxTotal.isNegative() || maxTotal.isZero()) {
            throw invalid("maxTotal is each call's deadline and must be positive, e.g. Duration.ofMinutes(2), was " + maxTotal);
        }
    }

    private static ConfigurationException invalid(String what) {
        return new ConfigurationException(Failure.of("connect", null, what,
                "Use RetryPolicy.standard(), RetryPolicy.none(), or give positive values"), null,
                java.util.List.of("USmart.builder().retryPolicy"));
    }

    /** 4 attempts, 250 ms doubling to at most 8 s between them, 2 minutes per call in all. */
    public static RetryPolicy standard() {
        return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofMinutes(2));
    }

    /** One attempt, no retry; still a deadline of 2 minutes per call. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(2));
    }

    /**
     * This policy with another deadline per call.
     *
     * @throws ConfigurationException if {@code deadline} is null, zero or negative
     */
    public RetryPolicy withDeadline(Duration deadline) {
        if (deadline == null) {
            throw invalid("the deadline given to withDeadline is null; give one such as Duration.ofMinutes(2)");
        }
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, deadline);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): exponential with
     * "equal jitter" (half fixed, half random) so that many clients do not retry in step.
     */
    public Duration delayBefore(int retry) {
        return delayBefore(retry, ThreadLocalRandom.current().nextDouble());
    }

    /** {@link #delayBefore(int)} with the random part given: {@code random} in [0, 1). */
    public Duration delayBefore(int retry, double random) {
        long base = baseDelay.toMillis();
        long exp = base << Math.min(20, Math.max(0, retry - 1));
        long capped = Math.min(exp, maxDelay.toMillis());
        long half = capped / 2;
        long jitter = half <= 0 ? 0 : (long) Math.floor(random * (half + 1));
        return Duration.ofMillis(half + Math.min(jitter, half));
    }
}

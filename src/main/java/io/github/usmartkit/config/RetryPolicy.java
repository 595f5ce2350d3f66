package io.github.usmartkit.config;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How calls that are safe to repeat are retried: exponential backoff with jitter, honouring
 * {@code Retry-After}, with a cap on attempts and on the total time spent.
 *
 * @param maxAttempts attempts in all (1 = no retry)
 * @param baseDelay   the delay before the first retry, doubled for each further one
 * @param maxDelay    the longest single wait
 * @param maxTotal    the longest time spent on one call, retries included
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new ConfigurationException("maxAttempts must be at least 1 (1 = no retry), was " + maxAttempts, Failure.of("connect", null), null);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxTotal.isNegative()) {
            throw new ConfigurationException("retry delays must not be negative", Failure.of("connect", null), null);
        }
    }

    /** 4 attempts, 250 ms doubling to at most 8 s between them, 2 minutes in all. */
    public static RetryPolicy standard() {
        return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofMinutes(2));
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): exponential with
     * "equal jitter" (half fixed, half random) so that many clients do not retry in step.
     */
    public Duration delayBefore(int retry) {
        long base = baseDelay.toMillis();
        long exp = base << Math.min(20, Math.max(0, retry - 1));
        long capped = Math.min(exp, maxDelay.toMillis());
        long half = capped / 2;
        long jitter = half <= 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1);
        return Duration.ofMillis(half + jitter);
    }
}

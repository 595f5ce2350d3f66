package io.github.usmartkit.internal.http;

import java.time.Duration;

/** The end of one call's time: all its attempts and waits must be over by then. */
public final class Deadline {

    private final Retrier.Clock clock;
    private final long end;
    private final Duration budget;

    Deadline(Retrier.Clock clock, Duration budget) {
        this.clock = clock;
        this.budget = budget;
        this.end = clock.nanoTime() + budget.toNanos();
    }

    /** The time left, zero once passed. */
    public Duration remaining() {
        long left = end - clock.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** The time since the call began (its deadline was set), past its budget once overrun. */
    public Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime() - (end - budget.toNanos()));
    }

    /** Whether the deadline has passed. */
    public boolean passed() {
        return end - clock.nanoTime() <= 0;
    }

    /** The whole time the call was given. */
    public Duration budget() {
        return budget;
    }

    /** "2 min", "500 ms": the budget for messages. */
    public String describe() {
        return Retrier.humanDuration(budget);
    }
}

package io.github.usmartkit.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    @Test
    void delayBefore_growsExponentiallyWithJitterAndCap() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            long first = p.delayBefore(1).toMillis();
            long third = p.delayBefore(3).toMillis();
            long tenth = p.delayBefore(10).toMillis();
            assertTrue(first >= 50 && first <= 100, "first retry in [50,100]: " + first);
            assertTrue(third >= 200 && third <= 400, "third retry in [200,400]: " + third);
            assertTrue(tenth >= 400 && tenth <= 800, "capped at 800: " + tenth);
        }
    }

    @Test
    void constructor_refusesNoAttempts() {
        io.github.usmartkit.error.ConfigurationException e = assertThrows(io.github.usmartkit.error.ConfigurationException.class,
                () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertTrue(e.getMessage().contains("maxAttempts"));
    }
}

package io.github.usmartkit.sandbox;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people type them on a command line: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 30m}, {@code 1h}, or ISO-8601 {@code PT1H}. */
final class Durations {
    static final String EXAMPLES = "500ms, 2s, 30m, 1h or PT1H";

    private Durations() {
    }

    /** The duration {@code text} names, or null when it names none (the caller says what it was for). */
    static Duration parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long unitMillis = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                case 's' -> 1000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                default -> -1;
            };
            if (unitMillis > 0) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * unitMillis));
            }
        } catch (NumberFormatException | DateTimeParseException ignored) {
            // null below
        }
        return null;
    }
}

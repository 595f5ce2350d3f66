package io.github.usmartkit.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration as people type it: {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms}, {@code 1.5h}, or ISO-8601 {@code PT2H}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    static final String EXAMPLES = "90s, 10m, 2h, 500ms or PT2H";

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        Duration d = parse(value);
        if (d == null) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: give one such as " + EXAMPLES);
        }
        return d;
    }

    /** The duration, or null if {@code text} is none (negative durations are none). */
    static Duration parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            try {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                return d.isNegative() ? null : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = SHORT.matcher(v);
        if (!m.matches()) {
            return null;
        }
        long unit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        double millis = Double.parseDouble(m.group(1)) * unit;
        return millis > Long.MAX_VALUE / 2 ? null : Duration.ofMillis(Math.round(millis));
    }
}

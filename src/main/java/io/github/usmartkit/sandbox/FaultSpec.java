package io.github.usmartkit.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Random fault injection, parsed from a spec such as
 * {@code seed=7,5xx=0.1,429=0.05,reset=0.05,slow=0.1,delay=2s,expire=0.1,lost=0.1,routes=PUT|file:updateRevision}.
 * Fractions are of requests (of signed URLs for {@code expire}; of write actions and PUTs for
 * {@code lost}); the draws come from one {@code java.util.Random(seed)}, so the same sequence of
 * requests meets the same faults.
 */
record FaultSpec(long seed, double serverErrors, double tooMany, double reset, double slow, Duration delay,
                 double expire, double lost, Set<String> routes, String text) {

    static final FaultSpec OFF = new FaultSpec(0, 0, 0, 0, 0, Duration.ZERO, 0, 0, Set.of(), "off");

    static final String SYNTAX = "comma-separated key=value pairs: seed=N, 5xx=F, 429=F, reset=F, slow=F, "
            + "delay=D (e.g. 2s or 500ms), expire=F, lost=F, routes=R1|R2; F is a fraction 0..1; or 'off', or 'flaky' "
            + "(seed=1,5xx=0.1,429=0.05,reset=0.05,slow=0.05,expire=0.05)";

    boolean active() {
        return serverErrors + tooMany + reset + slow + expire + lost > 0;
    }

    boolean covers(String route) {
        return routes.isEmpty() || routes.contains(route);
    }

    static FaultSpec parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("off")) {
            return OFF;
        }
        String text = spec.trim();
        if (text.equalsIgnoreCase("flaky")) {
            text = "seed=1,5xx=0.1,429=0.05,reset=0.05,slow=0.05,expire=0.05";
        }
        long seed = 0;
        double e5 = 0;
        double e429 = 0;
        double reset = 0;
        double slow = 0;
        double expire = 0;
        double lost = 0;
        Duration delay = Duration.ofSeconds(2);
        Set<String> routes = Set.of();
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw bad(spec, "'" + p + "' is not key=value");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            switch (key) {
                case "seed" -> seed = parseLong(spec, key, value);
                case "5xx" -> e5 = fraction(spec, key, value);
                case "429" -> e429 = fraction(spec, key, value);
                case "reset" -> reset = fraction(spec, key, value);
                case "slow" -> slow = fraction(spec, key, value);
                case "expire" -> expire = fraction(spec, key, value);
                case "lost" -> lost = fraction(spec, key, value);
                case "delay" -> delay = duration(spec, value);
                case "routes" -> routes = Set.of(value.split("\\|"));
                default -> throw bad(spec, "unknown key '" + key + "'");
            }
        }
        if (e5 + e429 + reset + slow + lost > 1.0) {
            throw bad(spec, "5xx + 429 + reset + slow + lost add up to more than 1");
        }
        return new FaultSpec(seed, e5, e429, reset, slow, delay, expire, lost, routes, text);
    }

    private static long parseLong(String spec, String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad(spec, key + " must be a whole number, not '" + value + "'");
        }
    }

    private static double fraction(String spec, String key, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(spec, key + " must be a fraction between 0 and 1, not '" + value + "'");
    }

    private static Duration duration(String spec, String value) {
        Duration d = Durations.parse(value);
        if (d == null || d.isNegative()) {
            throw bad(spec, "delay must look like 2s or 500ms, not '" + value + "'");
        }
        return d;
    }

    private static IllegalArgumentException bad(String spec, String what) {
        return new IllegalArgumentException("bad fault spec '" + spec + "': " + what + ". Syntax: " + SYNTAX);
    }
}

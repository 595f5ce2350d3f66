package io.github.usmartkit.sandbox;

/**
 * ISO-8601 timestamps as a timestamp column holds them, read without allocating (the read API
 * compares every row's cell): {@code 2026-01-05}, {@code 2026-01-05T09:00}, {@code …T09:00:00},
 * {@code …T09:00:00.123} (up to nine fraction digits), each optionally followed by {@code Z},
 * {@code ±hh:mm}, {@code ±hhmm} or {@code ±hh}. Without a zone the time is taken as UTC (A).
 * A space in place of the {@code T} is not ISO-8601 and is not accepted.
 */
final class IsoTime {
    /** What {@link #parse} answers for text that is not such a timestamp. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long DAY = 86_400_000L;

    private IsoTime() {
    }

    /** Milliseconds since the epoch, or {@link #INVALID}. */
    static long parse(CharSequence s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
            return INVALID;
        }
        long millis = daysFromCivil(year, month, day) * DAY;
        if (n == 10) {
            return millis;
        }
        if (s.charAt(10) != 'T' || n < 16 || s.charAt(13) != ':') {
            return INVALID;
        }
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return INVALID;
        }
        millis += hour * 3_600_000L + minute * 60_000L;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            int second = digits(s, i + 1, 2);
            if (second < 0 || second > 59) {
                return INVALID;
            }
            millis += second * 1000L;
            i += 3;
            if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int start = ++i;
                int fraction = 0;
                while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                    if (i - start < 3) {
                        fraction = fraction * 10 + (s.charAt(i) - '0');
                    }
                    i++;
                }
                int digitsRead = i - start;
                if (digitsRead == 0) {
                    return INVALID;
                }
                for (int k = digitsRead; k < 3; k++) {
                    fraction *= 10;
                }
                millis += fraction;
            }
        }
        if (i == n) {
            return millis;
        }
        char z = s.charAt(i);
        if (z == 'Z' && i + 1 == n) {
            return millis;
        }
        if (z != '+' && z != '-') {
            return INVALID;
        }
        int offH = digits(s, i + 1, 2);
        int offM;
        int rest = n - i - 1;
        if (rest == 2) {
            offM = 0;
        } else if (rest == 4) {
            offM = digits(s, i + 3, 2);
        } else if (rest == 5 && s.charAt(i + 3) == ':') {
            offM = digits(s, i + 4, 2);
        } else {
            return INVALID;
        }
        if (offH < 0 || offH > 18 || offM < 0 || offM > 59) {
            return INVALID;
        }
        long offset = offH * 3_600_000L + offM * 60_000L;
        return z == '+' ? millis - offset : millis + offset;
    }

    /** The instant as {@code 2026-01-05T09:00:00.000Z}, the form Elasticsearch gives date buckets. */
    static String format(long millis) {
        long days = Math.floorDiv(millis, DAY);
        long ms = Math.floorMod(millis, DAY);
        int[] ymd = civilFromDays(days);
        StringBuilder sb = new StringBuilder(24);
        pad(sb, ymd[0], 4).append('-');
        pad(sb, ymd[1], 2).append('-');
        pad(sb, ymd[2], 2).append('T');
        pad(sb, (int) (ms / 3_600_000), 2).append(':');
        pad(sb, (int) (ms / 60_000 % 60), 2).append(':');
        pad(sb, (int) (ms / 1000 % 60), 2).append('.');
        pad(sb, (int) (ms % 1000), 3).append('Z');
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int k = s.length(); k < width; k++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The non-negative number written by {@code count} digits at {@code at}, or -1. */
    private static int digits(CharSequence s, int at, int count) {
        if (at + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = at; k < at + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static boolean leap(long year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    static int monthLength(long year, int month) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the usual era-of-400-years arithmetic). */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** {year, month, day} of a day count since 1970-01-01 (the inverse of {@link #daysFromCivil}). */
    static int[] civilFromDays(long days) {
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return new int[] {(int) year, month, day};
    }
}

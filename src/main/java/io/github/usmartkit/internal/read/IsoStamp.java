package io.github.usmartkit.internal.read;

/**
 * Reads ISO-8601 dates and timestamps as the read API's timestamp columns hold them, straight
 * from the parser's characters (a million rows must not mean a million Strings):
 * {@code 2026-01-05}, {@code 2026-01-05T09:00}, {@code …T09:00:00}, {@code …T09:00:00.123} (one to
 * nine fraction digits, {@code .} or {@code ,}), each optionally followed by {@code Z},
 * {@code ±hh:mm}, {@code ±hhmm} or {@code ±hh}; no zone counts as UTC, as the read API takes it.
 * <p>After a successful {@link #parse}, the fields hold the instant in UTC (its civil date and
 * time of day to the millisecond) and a {@link #template} code: how the text was written (its
 * precision, fraction digits and zone). {@link #format} writes a UTC value back in a template, so
 * that a column read as timestamps can become text again exactly as the service wrote it; when it
 * cannot ({@link #exact} false: digits below the millisecond that are not zeros), the caller keeps
 * the text itself.
 */
final class IsoStamp {
    private static final int PRECISION_DATE = 0;
    private static final int PRECISION_MINUTE = 1;
    private static final int PRECISION_SECOND = 2;
    private static final int PRECISION_FRACTION = 3;
    private static final int ZONE_NONE = 0;
    private static final int ZONE_Z = 1;
    private static final int ZONE_COLON = 2;
    private static final int ZONE_COMPACT = 3;
    private static final int ZONE_HOURS = 4;

    /** UTC civil date and time of the last value parsed. */
    int year;
    int month;
    int day;
    int hour;
    int minute;
    int second;
    int millis;
    /** Whether the text was a date alone ({@code 2026-01-05}). */
    boolean dateOnly;
    /** How the text was written (precision, fraction digits and separator, zone form and offset). */
    int template;
    /** Whether {@link #format} in {@link #template} gives the text back exactly. */
    boolean exact;

    /** Parses {@code b[off, off+len)}; false (fields undefined) if it is not such a timestamp. */
    boolean parse(char[] b, int off, int len) {
        if (len < 10 || b[off + 4] != '-' || b[off + 7] != '-') {
            return false;
        }
        int y = num(b, off, 4);
        int mo = num(b, off + 5, 2);
        int d = num(b, off + 8, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo)) {
            return false;
        }
        exact = true;
        if (len == 10) {
            year = y;
            month = mo;
            day = d;
            hour = 0;
            minute = 0;
            second = 0;
            millis = 0;
            dateOnly = true;
            template = PRECISION_DATE;
            return true;
        }
        dateOnly = false;
        if (len < 16 || b[off + 10] != 'T' || b[off + 13] != ':') {
            return false;
        }
        int h = num(b, off + 11, 2);
        int mi = num(b, off + 14, 2);
        if (h < 0 || h > 23 || mi < 0 || mi > 59) {
            return false;
        }
        int s = 0;
        int ms = 0;
        int precision = PRECISION_MINUTE;
        int fractionDigits = 0;
        boolean comma = false;
        int i = off + 16;
        int end = off + len;
        if (i < end && b[i] == ':') {
            s = i + 3 <= end ? num(b, i + 1, 2) : -1;
            if (s < 0 || s > 59) {
                return false;
            }
            precision = PRECISION_SECOND;
            i += 3;
            if (i < end && (b[i] == '.' || b[i] == ',')) {
                comma = b[i] == ',';
                int start = ++i;
                while (i < end && i - start < 9 && b[i] >= '0' && b[i] <= '9') {
                    int digit = b[i] - '0';
                    if (i - start < 3) {
                        ms = ms * 10 + digit;
                    } else if (digit != 0) {
                        exact = false;
                    }
                    i++;
                }
                fractionDigits = i - start;
                if (fractionDigits == 0) {
                    return false;
                }
                for (int k = fractionDigits; k < 3; k++) {
                    ms *= 10;
                }
                precision = PRECISION_FRACTION;
            }
        }
        int zone;
        int offsetMinutes = 0;
        boolean negative = false;
        if (i == end) {
            zone = ZONE_NONE;
        } else if (b[i] == 'Z' && i + 1 == end) {
            zone = ZONE_Z;
        } else if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            int rest = end - i - 1;
            int oh = rest >= 2 ? num(b, i + 1, 2) : -1;
            int om;
            if (rest == 2) {
                zone = ZONE_HOURS;
                om = 0;
            } else if (rest == 5 && b[i + 3] == ':') {
                zone = ZONE_COLON;
                om = num(b, i + 4, 2);
            } else if (rest == 4) {
                zone = ZONE_COMPACT;
                om = num(b, i + 3, 2);
            } else {
                return false;
            }
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return false;
            }
            offsetMinutes = oh * 60 + om;
        } else {
            return false;
        }
        template = precision | fractionDigits << 2 | (comma ? 1 << 6 : 0) | zone << 7 | (negative ? 1 << 10 : 0) | offsetMinutes << 11;
        int shift = negative ? offsetMinutes : -offsetMinutes; // local = UTC + offset, so UTC = local - offset
        if (shift == 0) {
            year = y;
            month = mo;
            day = d;
            hour = h;
            minute = mi;
        } else {
            long epochDay = epochDay(y, mo, d);
            int minuteOfDay = h * 60 + mi + shift;
            epochDay += Math.floorDiv(minuteOfDay, 1440);
            minuteOfDay = Math.floorMod(minuteOfDay, 1440);
            civil(epochDay);
            if (year < 0 || year > 9999) {
                return false; // out of what a four-digit year writes back
            }
            hour = minuteOfDay / 60;
            minute = minuteOfDay % 60;
        }
        second = s;
        millis = ms;
        return true;
    }

    /** Parses a String (for the small answers of aggregations). */
    boolean parse(String s) {
        return parse(s.toCharArray(), 0, s.length());
    }

    /** The template a plain date ({@code 2026-01-05}) has. */
    static boolean isDateTemplate(int template) {
        return (template & 3) == PRECISION_DATE;
    }

    /**
     * The UTC date-time {@code year…millis} written in {@code template}: the text {@link #parse}
     * read, when it was {@link #exact}.
     */
    static String format(int year, int month, int day, int hour, int minute, int second, int millis, int template) {
        int precision = template & 3;
        int fractionDigits = (template >> 2) & 15;
        boolean comma = (template & 1 << 6) != 0;
        int zone = (template >> 7) & 7;
        boolean negative = (template & 1 << 10) != 0;
        int offsetMinutes = template >>> 11;
        if (offsetMinutes != 0) {
            int shift = negative ? -offsetMinutes : offsetMinutes;
            long epochDay = epochDay(year, month, day);
            int minuteOfDay = hour * 60 + minute + shift;
            epochDay += Math.floorDiv(minuteOfDay, 1440);
            minuteOfDay = Math.floorMod(minuteOfDay, 1440);
            IsoStamp c = new IsoStamp();
            c.civil(epochDay);
            year = c.year;
            month = c.month;
            day = c.day;
            hour = minuteOfDay / 60;
            minute = minuteOfDay % 60;
        }
        StringBuilder sb = new StringBuilder(32);
        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2);
        if (precision == PRECISION_DATE) {
            return sb.toString();
        }
        sb.append('T');
        pad(sb, hour, 2).append(':');
        pad(sb, minute, 2);
        if (precision >= PRECISION_SECOND) {
            sb.append(':');
            pad(sb, second, 2);
        }
        if (precision == PRECISION_FRACTION) {
            sb.append(comma ? ',' : '.');
            String ms = String.valueOf(1000 + millis).substring(1);
            if (fractionDigits <= 3) {
                sb.append(ms, 0, fractionDigits);
            } else {
                sb.append(ms).append("000000", 0, fractionDigits - 3);
            }
        }
        switch (zone) {
            case ZONE_Z -> sb.append('Z');
            case ZONE_COLON -> pad(pad(sb.append(negative ? '-' : '+'), offsetMinutes / 60, 2).append(':'), offsetMinutes % 60, 2);
            case ZONE_COMPACT -> pad(pad(sb.append(negative ? '-' : '+'), offsetMinutes / 60, 2), offsetMinutes % 60, 2);
            case ZONE_HOURS -> pad(sb.append(negative ? '-' : '+'), offsetMinutes / 60, 2);
            default -> { }
        }
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int k = s.length(); k < width; k++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    private static int num(char[] b, int at, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            char c = b[at + k];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int monthLength(int y, int m) {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the usual era arithmetic). */
    static long epochDay(int y, int m, int d) {
        long yy = m <= 2 ? y - 1 : y;
        long era = Math.floorDiv(yy, 400);
        long yoe = yy - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** Sets {@link #year}, {@link #month}, {@link #day} from days since 1970-01-01. */
    void civil(long epochDay) {
        long z = epochDay + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        day = (int) (doy - (153 * mp + 2) / 5 + 1);
        month = (int) (mp < 10 ? mp + 3 : mp - 9);
        year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    }
}

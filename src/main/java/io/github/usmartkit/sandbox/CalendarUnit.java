package io.github.usmartkit.sandbox;

/**
 * Calendar units in UTC, as Elasticsearch's date math ({@code -1M}, rounding {@code /M}) and
 * date histogram intervals use them: weeks start on Monday, months and years are calendar ones.
 */
enum CalendarUnit {
    SECOND('s', null, 1000L),
    MINUTE('m', "minute", 60_000L),
    HOUR('h', "hour", 3_600_000L),
    DAY('d', "day", 86_400_000L),
    WEEK('w', "week", 7 * 86_400_000L),
    MONTH('M', "month", 0),
    YEAR('y', "year", 0);

    private static final long DAY_MS = 86_400_000L;

    /** The date-math letter (Elasticsearch's: {@code y M w d h m s}; {@code H} is taken as {@code h} too). */
    final char letter;
    /** The date_histogram interval name, null where there is none. */
    final String interval;
    private final long fixedMillis;

    CalendarUnit(char letter, String interval, long fixedMillis) {
        this.letter = letter;
        this.interval = interval;
        this.fixedMillis = fixedMillis;
    }

    /** The unit of a date-math letter, or null. */
    static CalendarUnit ofLetter(char c) {
        for (CalendarUnit u : values()) {
            if (u.letter == c || (c == 'H' && u == HOUR)) {
                return u;
            }
        }
        return null;
    }

    /** The unit of a date_histogram interval ({@code day} or its short form {@code 1d}), or null. */
    static CalendarUnit ofInterval(String name) {
        for (CalendarUnit u : values()) {
            if (u.interval != null && (u.interval.equals(name) || ("1" + u.letter).equals(name))) {
                return u;
            }
        }
        return null;
    }

    /** The start of the unit holding {@code millis}. */
    long floor(long millis) {
        if (this == WEEK) {
            long day = Math.floorDiv(millis, DAY_MS);
            // 1970-01-01 was a Thursday: Monday is 3 days before
            return (day - Math.floorMod(day + 3, 7)) * DAY_MS;
        }
        if (fixedMillis > 0) {
            return Math.floorDiv(millis, fixedMillis) * fixedMillis;
        }
        int[] ymd = IsoTime.civilFromDays(Math.floorDiv(millis, DAY_MS));
        int month = this == YEAR ? 1 : ymd[1];
        return IsoTime.daysFromCivil(ymd[0], month, 1) * DAY_MS;
    }

    /** {@code millis} moved by {@code n} units; a month from the 31st lands on the month's last day. */
    long add(long millis, long n) {
        if (fixedMillis > 0) {
            return Math.addExact(millis, Math.multiplyExact(n, fixedMillis));
        }
        long days = Math.floorDiv(millis, DAY_MS);
        long timeOfDay = Math.floorMod(millis, DAY_MS);
        int[] ymd = IsoTime.civilFromDays(days);
        long months = ymd[0] * 12L + (ymd[1] - 1) + (this == YEAR ? Math.multiplyExact(n, 12) : n);
        long year = Math.floorDiv(months, 12);
        int month = (int) Math.floorMod(months, 12) + 1;
        int day = Math.min(ymd[2], IsoTime.monthLength(year, month));
        return IsoTime.daysFromCivil(year, month, day) * DAY_MS + timeOfDay;
    }
}

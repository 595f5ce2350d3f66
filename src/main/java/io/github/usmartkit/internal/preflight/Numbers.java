package io.github.usmartkit.internal.preflight;

/** Whether a CSV cell reads as a number to the read API: {@code -12}, {@code 3.5}, {@code 1e-3}. */
final class Numbers {

    private Numbers() {
    }

    /** An optional sign, digits with an optional fraction, an optional exponent; no spaces, no thousands separators. */
    static boolean isNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    // isNumber as a state machine over bytes: one table step a byte, no branch on what the byte is.
    private static final int OTHER = 0;
    private static final int DIGIT = 1;
    private static final int SIGN = 2;
    private static final int DOT = 3;
    private static final int EXP = 4;
    private static final byte[] CLASS = new byte[256];
    /** States: 0 start, 1 sign, 2 digits, 3 dot first, 4 fraction, 5 digits and dot, 6 e, 7 e and sign, 8 exponent, 9 dead. */
    private static final byte[] NEXT = new byte[10 * 8];
    private static final boolean[] ACCEPT = {false, false, true, false, true, true, false, false, true, false};

    static {
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = DIGIT;
        }
        CLASS['+'] = SIGN;
        CLASS['-'] = SIGN;
        CLASS['.'] = DOT;
        CLASS['e'] = EXP;
        CLASS['E'] = EXP;
        java.util.Arrays.fill(NEXT, (byte) 9);
        step(0, SIGN, 1);
        step(0, DIGIT, 2);
        step(0, DOT, 3);
        step(1, DIGIT, 2);
        step(1, DOT, 3);
        step(2, DIGIT, 2);
        step(2, DOT, 5);
        step(2, EXP, 6);
        step(3, DIGIT, 4);
        step(4, DIGIT, 4);
        step(4, EXP, 6);
        step(5, DIGIT, 4);
        step(5, EXP, 6);
        step(6, SIGN, 7);
        step(6, DIGIT, 8);
        step(7, DIGIT, 8);
        step(8, DIGIT, 8);
    }

    private static void step(int from, int cls, int to) {
        NEXT[from * 8 + cls] = (byte) to;
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    /**
     * {@link #isNumber(String)} of the ASCII text {@code b[from, to)}: any other byte makes it no
     * number. The usual short values ({@code 12}, {@code -3.5}) are told eight bytes at a time, when
     * the eight bytes from {@code from} are inside {@code b} (what lies past {@code to} is ignored),
     * with one branch on the way to yes (the scan asks this of every value of a column that has
     * been numeric so far); the rest (exponents, longer values, text) by {@link #machine}.
     */
    static boolean isNumber(byte[] b, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 8 || from + 8 > b.length) {
            return machine(b, from, to);
        }
        long w = (long) LONGS.get(b, from);
        long inside = HIGHS >>> ((8 - len) << 3);
        // a byte is a digit when it is '0' or more (no borrow out of a lane: its high bit is set first),
        // not above '9' (no carry out of a lane below 0x80) and below 0x80; a carry out of a byte of
        // 0x80 or more only reaches bytes after it, and that byte is not a digit
        long digits = ((w | HIGHS) - ONES * '0') & ~(w + ONES * (0x7F - '9')) & ~w & inside;
        long dots = ~(((w & LOWS) ^ (ONES * '.')) + LOWS) & ~w & inside;
        int first = b[from];
        long sign = first == '-' || first == '+' ? 0x80L : 0L;
        if ((inside & ~digits & ~dots & ~sign) != 0) {
            return machine(b, from, to);
        }
        // digits, at most one dot, perhaps a sign first: a number if there is a digit
        return (dots & (dots - 1)) == 0 && digits != 0;
    }

    /** {@link #isNumber(byte[], int, int)} one byte at a time. */
    static boolean machine(byte[] b, int from, int to) {
        int st = 0;
        for (int i = from; i < to; i++) {
            st = NEXT[(st << 3) | CLASS[b[i] & 0xFF]];
        }
        return ACCEPT[st];
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

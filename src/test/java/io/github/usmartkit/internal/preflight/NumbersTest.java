package io.github.usmartkit.internal.preflight;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast pass's number test over bytes (eight at a time) against the one over a String that
 * the Jackson-based check uses: every short string of the characters that matter, and longer
 * random ones, at every offset in a buffer whose bytes after the value are anything.
 */
class NumbersTest {

    private static final char[] ALPHABET = {'0', '5', '9', '.', '-', '+', 'e', 'E', '/', ':', 'x', ' '};

    @Test
    void bytesAgreeWithTheStringTest_everyShortValue_andLongerRandomOnes() {
        int numbers = 0;
        int checked = 0;
        Random r = new Random(8);
        for (int len = 1; len <= 4; len++) {
            int[] digits = new int[len];
            while (true) {
                StringBuilder sb = new StringBuilder();
                for (int d : digits) {
                    sb.append(ALPHABET[d]);
                }
                numbers += agree(sb.toString(), r) ? 1 : 0;
                checked++;
                int i = 0;
                while (i < len && ++digits[i] == ALPHABET.length) {
                    digits[i++] = 0;
                }
                if (i == len) {
                    break;
                }
            }
        }
        for (int k = 0; k < 50_000; k++) {
            StringBuilder sb = new StringBuilder();
            int len = 5 + r.nextInt(8);
            for (int i = 0; i < len; i++) {
                // mostly digits, so that numbers of every length up to and past eight bytes come up
                sb.append(r.nextInt(3) > 0 ? (char) ('0' + r.nextInt(10)) : ALPHABET[r.nextInt(ALPHABET.length)]);
            }
            numbers += agree(sb.toString(), r) ? 1 : 0;
            checked++;
        }
        assertTrue(numbers > 5_000 && checked - numbers > 20_000, numbers + " numbers of " + checked);
        for (String s : new String[] {"12345678", "-1234567", "1234567.", ".1234567", "+.5", "-", ".", "1.2.3", "1e3", "é", "12é"}) {
            agree(s, r);
        }
    }

    /** Whether {@code s} is a number, after checking both tests say the same of it at offsets 0 to 8 in a buffer of random bytes. */
    private static boolean agree(String s, Random r) {
        boolean expected = Numbers.isNumber(s);
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at <= 8; at++) {
            byte[] b = new byte[at + v.length + r.nextInt(10)];
            r.nextBytes(b);
            System.arraycopy(v, 0, b, at, v.length);
            int offset = at;
            assertEquals(expected, Numbers.isNumber(b, at, at + v.length), () -> "\"" + s + "\" at offset " + offset + " of a buffer");
        }
        return expected;
    }
}

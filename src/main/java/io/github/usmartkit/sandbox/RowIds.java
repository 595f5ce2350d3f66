package io.github.usmartkit.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code usmart_id} of each published row: an opaque 20-character string in Elasticsearch's
 * alphabet (uSmart's are e.g. {@code AVvm5Awld_J1iIwX7HJx}), the same on every read of one
 * publication, different in the next, and distinct for every row of a publication: a prefix from
 * the container and publication number, then the row's position put through a permutation of 48
 * bits (so ids do not reveal the order, and cannot collide).
 */
final class RowIds {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final long MASK = (1L << 48) - 1;

    private final char[] prefix = new char[12];
    private final long key;

    RowIds(String containerGUID, int publication) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest((containerGUID + "/" + publication).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long bits = 0;
        for (int k = 0; k < 9; k++) {
            bits = (bits << 8) | (h[k] & 0xff);
            if (k % 3 == 2) {
                int chars = k / 3 * 4;
                for (int c = 0; c < 4; c++) {
                    prefix[chars + c] = ALPHABET[(int) (bits >>> (18 - 6 * c)) & 63];
                }
                bits = 0;
            }
        }
        long k48 = 0;
        for (int k = 9; k < 15; k++) {
            k48 = (k48 << 8) | (h[k] & 0xff);
        }
        key = k48;
    }

    /** The length of every id. */
    static final int LENGTH = 20;

    /** The id of the row at {@code index} (0 = the first data row). */
    String id(long index) {
        char[] out = new char[LENGTH];
        write(index, out);
        return new String(out);
    }

    /** Writes the id of the row at {@code index} into {@code out[0..20)}, for writers that need no String. */
    void write(long index, char[] out) {
        long x = mix(index ^ key);
        System.arraycopy(prefix, 0, out, 0, 12);
        for (int c = 0; c < 8; c++) {
            out[12 + c] = ALPHABET[(int) (x >>> (42 - 6 * c)) & 63];
        }
    }

    /** A bijection of 48-bit numbers: odd multiplications and xor-shifts, each invertible modulo 2^48. */
    private static long mix(long x) {
        x &= MASK;
        x = (x * 0x9E3779B97F4BL) & MASK;
        x ^= x >>> 21;
        x = (x * 0xBF58476D1CE5L) & MASK;
        x ^= x >>> 19;
        return x;
    }
}

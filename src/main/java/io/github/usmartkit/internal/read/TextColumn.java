package io.github.usmartkit.internal.read;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.strings.ByteDictionaryMap;
import tech.tablesaw.columns.strings.IntDictionaryMap;
import tech.tablesaw.columns.strings.NoKeysAvailableException;
import tech.tablesaw.columns.strings.NullDictionaryMap;

import java.util.Arrays;

/**
 * Builds a Tablesaw {@link StringColumn} value by value into the structure it ends up with.
 * {@code StringColumn.append} costs about three times as much for columns of many distinct values
 * (ids, URLs, titles): each call goes through the byte, then the short dictionary, each promoted
 * by copying when full. This fills one of Tablesaw's own structures directly and hands it over
 * through its public constructors:
 * <ul>
 * <li>a dictionary ({@link IntDictionaryMap}, with Tablesaw's conventions: keys counted up from
 * {@code Integer.MIN_VALUE + 1}, a missing value is {@code ""} under key {@code Integer.MAX_VALUE})
 * for columns that repeat their values;</li>
 * <li>plain text ({@link NullDictionaryMap}, Tablesaw's dictionary-less string data: a list of
 * the values) for identifiers, every one distinct (the read API's opaque row ids; a catalogue's
 * GUIDs, landing pages, dates and keyword lists), which a dictionary would
 * only make slower to build (a hash probe a row, into tables larger than the cache) and larger to
 * hold. Tablesaw's plain data lacks what only makes sense of categories ({@code countByCategory},
 * dummies), so other columns, whose values may be categories, keep a dictionary.</li>
 * </ul>
 */
public final class TextColumn {

    private static final int NO_KEY = Integer.MIN_VALUE;
    private static final int MISSING_KEY = Integer.MAX_VALUE;
    private static final String MISSING = "";

    // dictionary mode
    private Object2IntOpenHashMap<String> keyOf;
    /** the distinct values in key order (key {@code NO_KEY + 1 + i} at {@code i}); the key-to-value map is made at the end */
    private String[] values;
    /** how many rows hold each key, by key order */
    private int[] counts;
    private int missing;
    private int[] keys;
    private int lastKey = NO_KEY;
    /** the previous value and its key: a run of one value (a licence, a publisher) needs no hashing */
    private String previous;
    private int previousKey;
    /**
     * The last values seen, by a hash of their characters: a column that repeats its values
     * (sites, categories) finds them here from the parser's characters, without a String made
     * and hashed per cell.
     */
    private String[] recent;
    private int[] recentKey;
    // plain mode: Tablesaw's list of values
    private NullDictionaryMap plain;
    private int size;

    /**
     * @param expectedRows about how many rows (sizes the tables once; they grow past it)
     * @param distinct     whether the values are opaque ids, all distinct: plain text
     */
    public TextColumn(int expectedRows, boolean distinct) {
        int expected = Math.max(16, expectedRows);
        if (distinct) {
            plain = emptyPlain();
            return;
        }
        keyOf = new Object2IntOpenHashMap<>(Math.min(expected, 8192));
        keyOf.defaultReturnValue(NO_KEY);
        values = new String[16];
        counts = new int[16];
        keys = new int[expected];
        recent = new String[RECENT];
        recentKey = new int[RECENT];
    }

    private static final int RECENT = 256;

    /** Appends the text {@code b[off, off+len)} (empty is a missing cell). */
    public void append(char[] b, int off, int len) {
        if (plain != null || len == 0) {
            append(len == 0 ? null : new String(b, off, len));
            return;
        }
        int h = 0;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (RECENT - 1);
        String r = recent[slot];
        if (r != null && r.length() == len && same(r, b, off, len)) {
            int key = recentKey[slot];
            counts[key - NO_KEY - 1]++;
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size + (size >> 1) + 16);
            }
            keys[size++] = key;
            return;
        }
        String s = new String(b, off, len);
        append(s);
        recent[slot] = s;
        recentKey[slot] = keys[size - 1];
    }

    private static boolean same(String s, char[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** Appends a value ({@code null} or {@code ""} is a missing cell, as in Tablesaw). */
    public void append(String value) {
        if (plain != null) {
            plainAppend(plain, value == null ? MISSING : value);
            size++;
            return;
        }
        int key;
        if (value == null || value.isEmpty()) {
            key = MISSING_KEY;
            missing++;
        } else if (value == previous || value.equals(previous)) {
            key = previousKey; // equals is a vectorised compare; hashing a long text is not
            counts[key - NO_KEY - 1]++;
        } else {
            // one probe: the new key goes in unless the value has one already
            int existing = keyOf.putIfAbsent(value, lastKey + 1);
            if (existing == NO_KEY) {
                key = ++lastKey;
                int index = key - NO_KEY - 1;
                if (index == counts.length) {
                    counts = Arrays.copyOf(counts, index + (index >> 1) + 16);
                    values = Arrays.copyOf(values, counts.length);
                }
                values[index] = value;
                counts[index] = 1;
            } else {
                key = existing;
                counts[key - NO_KEY - 1]++;
            }
            previous = value;
            previousKey = key;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size + (size >> 1) + 16);
        }
        keys[size++] = key;
    }

    /** Appends a missing cell. */
    public void appendMissing() {
        append(null);
    }

    public int size() {
        return size;
    }

    /** The finished column; this builder must not be used after. */
    public StringColumn build(String name) {
        if (plain != null) {
            return StringColumn.createInternal(name, plain);
        }
        int distinct = lastKey - NO_KEY;
        Int2IntOpenHashMap keyToCount = new Int2IntOpenHashMap(distinct + 1);
        Int2ObjectOpenHashMap<String> valueOf = new Int2ObjectOpenHashMap<>(distinct + 1);
        for (int i = 0; i < distinct; i++) {
            keyToCount.put(NO_KEY + 1 + i, counts[i]);
            valueOf.put(NO_KEY + 1 + i, values[i]);
        }
        if (missing > 0) {
            valueOf.put(MISSING_KEY, MISSING);
            keyOf.put(MISSING, MISSING_KEY);
            keyToCount.put(MISSING_KEY, missing);
        }
        IntDictionaryMap map = new IntDictionaryMap.IntDictionaryBuilder()
                .setNextIndex(lastKey)
                .setKeyToValue(valueOf)
                .setValueToKey(keyOf)
                .setKeyToCount(keyToCount)
                .setValues(size == keys.length ? keys : Arrays.copyOf(keys, size))
                .build();
        keys = null;
        counts = null;
        values = null;
        recent = null;
        recentKey = null;
        return StringColumn.createInternal(name, map);
    }

    /**
     * Tablesaw's plain string data, empty: its public constructor copies another map's values, so
     * it is made from an empty one and filled by its own append (a list add: no hashing).
     */
    private static NullDictionaryMap emptyPlain() {
        return new NullDictionaryMap(new ByteDictionaryMap());
    }

    private static void plainAppend(NullDictionaryMap map, String v) {
        try {
            map.append(v);
        } catch (NoKeysAvailableException e) {
            throw new IllegalStateException(e); // a plain map has no keys to run out of
        }
    }
}

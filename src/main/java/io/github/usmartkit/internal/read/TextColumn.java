package io.github.usmartkit.internal.read;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.strings.IntDictionaryMap;

import java.util.Arrays;

/**
 * Builds a Tablesaw {@link StringColumn} value by value into the dictionary it ends up with.
 * {@code StringColumn.append} costs about three times as much for columns of many distinct values
 * (ids, URLs, titles): each call goes through the byte, then short dictionary, each promoted by
 * copying when full. This fills Tablesaw's own {@link IntDictionaryMap} structures once, with
 * Tablesaw's conventions (keys counted up from {@code Integer.MIN_VALUE + 1}, a missing value is
 * {@code ""} under key {@code Integer.MAX_VALUE}), and hands them over through its public builder.
 */
public final class TextColumn {

    private static final int NO_KEY = Integer.MIN_VALUE;
    private static final int MISSING_KEY = Integer.MAX_VALUE;
    private static final String MISSING = "";

    private final Object2IntOpenHashMap<String> keyOf;
    /** the distinct values in key order (key {@code NO_KEY + 1 + i} at {@code i}); the key-to-value map is made at the end */
    private String[] values;
    /** how many rows hold each key, by key order (key {@code NO_KEY + 1 + i} at {@code i}) */
    private int[] counts;
    private int missing;
    private int[] keys;
    private int size;
    private int lastKey = NO_KEY;

    /** A builder for a column of about {@code expectedRows} rows (sizes its tables once; it grows past it). */
    public TextColumn(int expectedRows) {
        int expected = Math.max(16, expectedRows);
        keyOf = new Object2IntOpenHashMap<>(expected);
        keyOf.defaultReturnValue(NO_KEY);
        values = new String[16];
        counts = new int[16];
        keys = new int[expected];
    }

    /** Appends a value ({@code null} or {@code ""} is a missing cell, as in Tablesaw). */
    public void append(String value) {
        int key;
        if (value == null || value.isEmpty()) {
            key = MISSING_KEY;
            missing++;
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
        return StringColumn.createInternal(name, map);
    }
}

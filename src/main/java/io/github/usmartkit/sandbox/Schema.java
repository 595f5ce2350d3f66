package io.github.usmartkit.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a publication and their types, inferred once when it is processed and stored
 * with it, so that every read serves a column's cells alike (uSmart's answers are typed by
 * column, not by each value's look: a text column keeps {@code "414"} a string).
 *
 * <p>A column is {@code number} when every non-empty cell is a JSON number (so {@code 007} and
 * {@code +5} make it text, keeping codes intact), {@code timestamp} when every non-empty cell is
 * an ISO-8601 timestamp ({@link IsoTime}), otherwise {@code text}; a column with no value at all
 * is text. Empty cells are served as {@code null}. {@code usmart_id} is a virtual text column
 * after the real ones.
 */
final class Schema {
    static final String USMART_ID = "usmart_id";

    enum Type {
        NUMBER("number"), TIMESTAMP("timestamp"), TEXT("text");

        final String name;

        Type(String name) {
            this.name = name;
        }

        static Type of(String name) {
            for (Type t : values()) {
                if (t.name.equals(name)) {
                    return t;
                }
            }
            throw new IllegalStateException("unknown column type '" + name + "' in the sandbox state");
        }
    }

    private final String[] names;
    private final Type[] types;
    private final Map<String, Integer> index = new HashMap<>();

    private Schema(String[] names, Type[] types) {
        this.names = names;
        this.types = types;
        for (int i = 0; i < names.length; i++) {
            index.putIfAbsent(names[i], i);
        }
    }

    static Schema of(List<State.Column> columns) {
        String[] names = new String[columns.size()];
        Type[] types = new Type[columns.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = columns.get(i).name;
            types[i] = Type.of(columns.get(i).type);
        }
        return new Schema(names, types);
    }

    /** The number of real columns (the CSV's). */
    int size() {
        return names.length;
    }

    String name(int column) {
        return column == names.length ? USMART_ID : names[column];
    }

    Type type(int column) {
        return column == names.length ? Type.TEXT : types[column];
    }

    /** The column's index; {@link #size()} for {@code usmart_id} unless a real column has that name; -1 if unknown. */
    int indexOf(String name) {
        Integer i = index.get(name);
        if (i != null) {
            return i;
        }
        return name.equals(USMART_ID) ? names.length : -1;
    }

    List<String> names() {
        return List.of(names);
    }

    /** Whether {@code s} is a number in JSON's grammar, finite as a double: it can be written out as it is. */
    static boolean isJsonNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
            return false;
        }
        boolean plain = true;
        if (i < n && s.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == fracStart) {
                return false;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            plain = false;
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return false;
            }
        }
        if (i != n) {
            return false;
        }
        // only an exponent or a very long number can overflow a double
        return (plain && n < 300) || Double.isFinite(Double.parseDouble(s));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Infers the column types from the header and every row, one row at a time. */
    static final class Inference {
        private final List<String> header;
        private final boolean[] number;
        private final boolean[] timestamp;
        private final boolean[] any;

        Inference(List<String> header) {
            this.header = header;
            int n = header.size();
            number = new boolean[n];
            timestamp = new boolean[n];
            any = new boolean[n];
            java.util.Arrays.fill(number, true);
            java.util.Arrays.fill(timestamp, true);
        }

        void accept(String[] row) {
            for (int i = 0; i < number.length && i < row.length; i++) {
                String cell = row[i];
                if (cell.isEmpty()) {
                    continue;
                }
                any[i] = true;
                if (number[i] && !isJsonNumber(cell)) {
                    number[i] = false;
                }
                if (timestamp[i] && IsoTime.parse(cell) == IsoTime.INVALID) {
                    timestamp[i] = false;
                }
            }
        }

        List<State.Column> columns() {
            List<State.Column> out = new ArrayList<>();
            for (int i = 0; i < number.length; i++) {
                Type t = !any[i] ? Type.TEXT : number[i] ? Type.NUMBER : timestamp[i] ? Type.TIMESTAMP : Type.TEXT;
                out.add(State.Column.of(header.get(i), t.name));
            }
            return out;
        }
    }
}

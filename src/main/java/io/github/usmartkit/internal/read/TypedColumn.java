package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.times.PackedLocalTime;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One column of rows being read, appended to cell by cell straight into a Tablesaw column of the
 * kind its JSON values have so far, and widened when a value of another kind arrives: whole
 * numbers → {@code long}, widened to {@code double} by a fraction or a number too large; ISO
 * dates → {@code LocalDate}, widened to UTC {@code LocalDateTime} by a timestamp; anything mixed
 * → text. Widening to text gives each earlier cell back as the service wrote it (timestamps
 * rewritten in the form they were read in, see {@link IsoStamp}), numbers and booleans as their
 * value reads. A column that never held a value is text (all missing). Not thread-safe.
 */
final class TypedColumn {

    private enum Kind { NONE, LONG, DOUBLE, BOOLEAN, DATE, DATETIME, STRING }

    private static final int MAX_TEMPLATES = 127;

    private final String name;
    private final boolean alwaysText;
    private final IsoStamp stamp;
    private Kind kind = Kind.NONE;
    private int size;

    private LongColumn longs;
    private DoubleColumn doubles;
    private BooleanColumn booleans;
    private DateColumn dates;
    private DateTimeColumn times;
    private TextColumn strings;

    // How each timestamp was written, so that widening to text gives it back exactly: the forms
    // seen (most columns have one), which form each row has (only once a second form appears) and
    // the text itself where no form can give it back.
    private int[] templates;
    private int templateCount;
    private byte[] templateOfRow;
    private Map<Integer, String> rawText;

    /**
     * @param alwaysText whether the column is text whatever its values look like ({@code usmart_id})
     * @param stamp      a timestamp parser to share with the reader's other columns
     */
    TypedColumn(String name, boolean alwaysText, IsoStamp stamp) {
        this.name = name;
        this.alwaysText = alwaysText;
        this.stamp = stamp;
        if (alwaysText) {
            strings = new TextColumn(16, true); // opaque ids: every one distinct
            kind = Kind.STRING;
        }
    }

    String name() {
        return name;
    }

    int size() {
        return size;
    }

    /** A missing cell. */
    void appendMissing() {
        switch (kind) {
            case NONE -> { }
            case LONG -> longs.appendMissing();
            case DOUBLE -> doubles.appendMissing();
            case BOOLEAN -> booleans.appendMissing();
            case DATE -> dates.appendMissing();
            case DATETIME -> times.appendMissing();
            case STRING -> strings.appendMissing();
        }
        size++;
    }

    /** Missing cells up to {@code rows}: for a column first seen after some rows, and for rows without it. */
    void fillTo(int rows) {
        while (size < rows) {
            appendMissing();
        }
    }

    /** The value the parser stands on ({@code token}); an object or array is kept as its JSON text. */
    void append(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_NULL -> appendMissing();
            case VALUE_STRING -> {
                if (kind == Kind.STRING) {
                    strings.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    size++;
                } else {
                    text(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), null);
                }
            }
            case VALUE_NUMBER_INT -> {
                if (kind == Kind.STRING) {
                    appendString(p.getText());
                } else if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    number(p.getDoubleValue());
                } else {
                    whole(p.getLongValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                if (kind == Kind.STRING) {
                    appendString(p.getText());
                } else {
                    number(p.getDoubleValue());
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                if (kind == Kind.STRING) {
                    appendString(p.getText());
                } else {
                    bool(token == JsonToken.VALUE_TRUE);
                }
            }
            case START_OBJECT, START_ARRAY -> appendString(p.readValueAsTree().toString());
            default -> throw new IOException("unexpected " + token + " as the value of " + name);
        }
    }

    /** A value of an already-read answer (the small answers of aggregations). */
    void append(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            appendMissing();
        } else if (kind == Kind.STRING) {
            appendString(v.isValueNode() ? v.asText() : v.toString());
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            whole(v.asLong());
        } else if (v.isNumber()) {
            number(v.asDouble());
        } else if (v.isBoolean()) {
            bool(v.asBoolean());
        } else if (v.isTextual()) {
            String s = v.asText();
            text(s.toCharArray(), 0, s.length(), s);
        } else {
            appendString(v.toString());
        }
    }

    private void whole(long v) {
        switch (kind) {
            case NONE -> {
                longs = LongColumn.create(name);
                fillMissing(longs);
                kind = Kind.LONG;
                longs.append(v);
            }
            case LONG -> longs.append(v);
            case DOUBLE -> doubles.append((double) v);
            default -> {
                toText();
                strings.append(Long.toString(v));
            }
        }
        size++;
    }

    private void number(double v) {
        switch (kind) {
            case NONE -> {
                doubles = DoubleColumn.create(name);
                fillMissing(doubles);
                kind = Kind.DOUBLE;
                doubles.append(v);
            }
            case LONG -> {
                toDouble();
                doubles.append(v);
            }
            case DOUBLE -> doubles.append(v);
            default -> {
                toText();
                strings.append(numberText(v));
            }
        }
        size++;
    }

    private void bool(boolean v) {
        switch (kind) {
            case NONE -> {
                booleans = BooleanColumn.create(name);
                fillMissing(booleans);
                kind = Kind.BOOLEAN;
                booleans.append(v);
            }
            case BOOLEAN -> booleans.append(v);
            default -> {
                toText();
                strings.append(Boolean.toString(v));
            }
        }
        size++;
    }

    /** Text: a date or timestamp if it reads as one and the column is one so far, else text. */
    private void text(char[] b, int off, int len, String known) {
        if ((kind == Kind.NONE || kind == Kind.DATE || kind == Kind.DATETIME) && stamp.parse(b, off, len)) {
            stamp(b, off, len, known);
            return;
        }
        appendString(known != null ? known : new String(b, off, len));
    }

    /** The timestamp {@link #stamp} just read from {@code b[off, off+len)} ({@code known}: that text, if made already). */
    private void stamp(char[] b, int off, int len, String known) {
        IsoStamp s = stamp;
        if (kind == Kind.NONE) {
            if (s.dateOnly) {
                dates = DateColumn.create(name);
                fillMissing(dates);
                kind = Kind.DATE;
            } else {
                times = DateTimeColumn.create(name);
                fillMissing(times);
                kind = Kind.DATETIME;
            }
        } else if (kind == Kind.DATE && !s.dateOnly) {
            toDateTime();
        }
        remember(s.template, s.exact, b, off, len, known);
        if (kind == Kind.DATE) {
            dates.appendInternal(PackedLocalDate.pack(s.year, s.month, s.day));
        } else {
            int date = PackedLocalDate.pack(s.year, s.month, s.day);
            int time = PackedLocalTime.of(s.hour, s.minute, s.second, s.millis);
            times.appendInternal(((long) date << 32) | (time & 0xFFFFFFFFL));
        }
        size++;
    }

    /** Notes how row {@code size} was written (before it is appended); the text itself only where no form gives it back. */
    private void remember(int template, boolean exact, char[] b, int off, int len, String known) {
        if (!exact) {
            raw().put(size, known != null ? known : new String(b, off, len));
        }
        int index = -1;
        for (int k = 0; k < templateCount; k++) {
            if (templates[k] == template) {
                index = k;
                break;
            }
        }
        if (index < 0) {
            if (templateCount == MAX_TEMPLATES) {
                raw().put(size, known != null ? known : new String(b, off, len));
                return;
            }
            if (templates == null) {
                templates = new int[4];
            } else if (templateCount == templates.length) {
                templates = Arrays.copyOf(templates, templateCount * 2);
            }
            templates[templateCount] = template;
            index = templateCount++;
        }
        if (templateOfRow == null && index == 0) {
            return; // one form so far: no row needs its own note
        }
        if (templateOfRow == null) {
            templateOfRow = new byte[Math.max(16, size + size / 2 + 1)];
        } else if (size >= templateOfRow.length) {
            templateOfRow = Arrays.copyOf(templateOfRow, size + size / 2 + 16);
        }
        templateOfRow[size] = (byte) index;
    }

    private Map<Integer, String> raw() {
        if (rawText == null) {
            rawText = new HashMap<>();
        }
        return rawText;
    }

    private void appendString(String s) {
        if (kind != Kind.STRING) {
            toText();
        }
        strings.append(s);
        size++;
    }

    private void fillMissing(Column<?> c) {
        for (int i = 0; i < size; i++) {
            c.appendMissing();
        }
    }

    private void toDouble() {
        DoubleColumn d = DoubleColumn.create(name);
        for (int i = 0; i < size; i++) {
            if (longs.isMissing(i)) {
                d.appendMissing();
            } else {
                d.append((double) longs.getLong(i));
            }
        }
        longs = null;
        doubles = d;
        kind = Kind.DOUBLE;
    }

    private void toDateTime() {
        DateTimeColumn t = DateTimeColumn.create(name);
        for (int i = 0; i < size; i++) {
            if (dates.isMissing(i)) {
                t.appendMissing();
            } else {
                t.append(dates.get(i).atStartOfDay());
            }
        }
        dates = null;
        times = t;
        kind = Kind.DATETIME;
    }

    /** Widens the column to text, giving every earlier cell back as the service wrote it. */
    private void toText() {
        if (kind == Kind.STRING) {
            return;
        }
        TextColumn s = new TextColumn(size + 16, false);
        for (int i = 0; i < size; i++) {
            s.append(cellText(i)); // null: missing
        }
        longs = null;
        doubles = null;
        booleans = null;
        dates = null;
        times = null;
        templates = null;
        templateOfRow = null;
        rawText = null;
        strings = s;
        kind = Kind.STRING;
    }

    private String cellText(int i) {
        switch (kind) {
            case LONG:
                return longs.isMissing(i) ? null : Long.toString(longs.getLong(i));
            case DOUBLE:
                return doubles.isMissing(i) ? null : numberText(doubles.getDouble(i));
            case BOOLEAN:
                return booleans.isMissing(i) ? null : Boolean.toString(booleans.get(i));
            case DATE: {
                if (dates.isMissing(i)) {
                    return null;
                }
                LocalDate d = dates.get(i);
                return stampText(i, d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 0, 0, 0, 0);
            }
            case DATETIME: {
                if (times.isMissing(i)) {
                    return null;
                }
                LocalDateTime t = times.get(i);
                return stampText(i, t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(),
                        t.getNano() / 1_000_000);
            }
            default:
                return null;
        }
    }

    private String stampText(int row, int y, int mo, int d, int h, int mi, int s, int ms) {
        if (rawText != null && rawText.containsKey(row)) {
            return rawText.get(row);
        }
        int index = templateOfRow == null || row >= templateOfRow.length ? 0 : templateOfRow[row];
        return IsoStamp.format(y, mo, d, h, mi, s, ms, templates[index]);
    }

    private static String numberText(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The finished column ({@code rows} long, missing cells at the end if this column ended early). */
    Column<?> finish(int rows) {
        fillTo(rows);
        return switch (kind) {
            case NONE -> {
                StringColumn s = StringColumn.create(name);
                fillMissing(s);
                yield s;
            }
            case STRING -> strings.build(name);
            case LONG -> longs;
            case DOUBLE -> doubles;
            case BOOLEAN -> booleans;
            case DATE -> dates;
            case DATETIME -> times;
        };
    }

    boolean alwaysText() {
        return alwaysText;
    }
}

package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.usmartkit.internal.json.Json;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the read API's answer — a JSON array of row objects — token by token straight into
 * typed column builders ({@link TypedColumn}): neither the body nor a JSON tree is ever held,
 * so the table is all the memory a read needs. Columns come in the order keys first appear;
 * a key a row lacks is a missing cell there. An envelope {@code {"result": [...]}} is tolerated.
 */
public final class RowsReader {

    /** The column the read API names its opaque row ids. */
    static final String ID = "usmart_id";

    private RowsReader() {
    }

    /**
     * Builds the table named {@code name} from the answer.
     *
     * @throws IOException an I/O failure of the stream, a {@link com.fasterxml.jackson.core.JsonProcessingException}
     *                     for malformed JSON, or {@link Answers.NotRows} for JSON that is not rows
     */
    public static Table read(String name, InputStream in) throws IOException {
        try (JsonParser p = Json.parser(in)) {
            // Jackson's own port of the fast double parser: a million numbers a second matter here
            p.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                t = intoResult(p);
            }
            if (t == null) {
                throw new Answers.NotRows("the answer is empty");
            }
            if (t != JsonToken.START_ARRAY) {
                throw new Answers.NotRows("the answer is a JSON " + kind(t) + ", not an array of rows");
            }
            return rows(name, p, in instanceof Answers.Head h ? h : null);
        }
    }

    private static Table rows(String name, JsonParser p, Answers.Head progress) throws IOException {
        IsoStamp stamp = new IsoStamp();
        List<TypedColumn> columns = new ArrayList<>();
        Map<String, TypedColumn> byName = new HashMap<>();
        int rows = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "the array of rows is not closed");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new Answers.NotRows("row " + (rows + 1) + " is a JSON " + kind(t) + ", not an object");
            }
            int next = 0; // rows usually repeat the key order: try the column after the last one first
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                TypedColumn c = next < columns.size() ? columns.get(next) : null;
                if (c == null || (c.name() != key && !c.name().equals(key))) {
                    c = byName.get(key);
                    if (c == null) {
                        c = new TypedColumn(key, key.equals(ID), stamp);
                        c.fillTo(rows);
                        columns.add(c);
                        byName.put(key, c);
                    }
                }
                t = p.nextToken();
                if (c.size() > rows) {
                    p.skipChildren(); // a key twice in one row: the first value stands
                } else {
                    c.append(p, t);
                }
                next = indexAfter(columns, c, next);
            }
            rows++;
            if (progress != null) {
                progress.row();
            }
            for (int k = 0; k < columns.size(); k++) {
                TypedColumn c = columns.get(k);
                if (c.size() < rows) {
                    c.appendMissing();
                }
            }
        }
        Column<?>[] built = new Column<?>[columns.size()];
        for (int k = 0; k < built.length; k++) {
            built[k] = columns.get(k).finish(rows);
        }
        return Table.create(name, built);
    }

    /** The position after {@code c} (found where expected, or searched for when rows differ). */
    private static int indexAfter(List<TypedColumn> columns, TypedColumn c, int expected) {
        if (expected < columns.size() && columns.get(expected) == c) {
            return expected + 1;
        }
        return columns.indexOf(c) + 1;
    }

    /** Moves into {@code {"result": [...]}}; the token there (START_ARRAY if it is rows). */
    private static JsonToken intoResult(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            t = p.nextToken();
            if (key.equals("result")) {
                return t;
            }
            p.skipChildren();
        }
        throw new Answers.NotRows("the answer is a JSON object without rows");
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}

package io.github.usmartkit.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

/**
 * The kit's one JSON mapper, private to it (no cell of a notebook can reconfigure it): lenient
 * about what the service sends, because much of its shape is inferred. Unknown properties are
 * ignored; a single value is accepted where a list is expected; {@code null} anywhere is a missing
 * value; a text field that holds a number or an object reads as its text; a whole-number field
 * accepts a number given as a string ({@code "12"}) but never truncates one that is not whole
 * ({@code 12.7} or {@code "12.7"} reads as missing, not as 12).
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("usmart-lenient")
                    .addDeserializer(String.class, new LenientText())
                    .addDeserializer(Long.class, new LenientWhole()))
            .build();

    private Json() {
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text; throws on malformed JSON. */
    public static JsonNode tree(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** Parses JSON bytes; throws on malformed JSON. */
    public static JsonNode tree(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    /** Parses a JSON stream; throws on malformed JSON. */
    public static JsonNode tree(InputStream in) throws IOException {
        return MAPPER.readTree(in);
    }

    /** A streaming parser over {@code in}, configured like the mapper. */
    public static JsonParser parser(InputStream in) throws IOException {
        return MAPPER.getFactory().createParser(in);
    }

    /** Any Jackson-serialisable value (a {@code Map}, a record, a {@code JsonNode}) as a tree; throws {@link IllegalArgumentException} if it cannot be. */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The value as JSON text. */
    public static String write(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }

    /**
     * Binds a tree to a declared model (a record with {@code @JsonProperty}/{@code @JsonAlias} for
     * the spellings it tolerates).
     *
     * @throws IllegalArgumentException if the tree cannot be bound at all (e.g. an array for an object)
     */
    public static <T> T bind(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** Text fields: a string as is; a number or boolean as its text; an object or array as its JSON. */
    private static final class LenientText extends StdDeserializer<String> {
        LenientText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                return p.readValueAsTree().toString();
            }
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            return p.getValueAsString();
        }
    }

    /** Whole numbers: 12 and "12" read as 12; 12.7, "12.7", "n/a" and anything else read as missing. */
    private static final class LenientWhole extends StdDeserializer<Long> {
        LenientWhole() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : p.getLongValue();
            }
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal d = p.getDecimalValue();
                return whole(d);
            }
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return whole(new BigDecimal(p.getText().strip()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            return null;
        }

        private static Long whole(BigDecimal d) {
            try {
                return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
            } catch (ArithmeticException e) {
                return null;
            }
        }
    }
}

package io.github.usmartkit.internal.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tolerant reading of service JSON: several candidate names per field (the real service's
 * names are partly assumptions), numbers given as strings accepted, missing fields as null.
 */
public final class Json {

    private Json() {
    }

    /** The first present, non-null field among {@code names}, or null. */
    public static JsonNode field(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && !v.isNull() && !v.isMissingNode()) {
                return v;
            }
        }
        return null;
    }

    /** A field as text, or null. */
    public static String text(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** A field as a number (numbers given as strings accepted), or null. */
    public static Long number(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return (long) Double.parseDouble(v.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}

package io.github.usmartkit.internal.text;

import java.util.regex.Pattern;

/** The shape of a uSmart GUID (8-4-4-4-12 hexadecimal digits), written once for all who check it. */
public final class Guids {

    /** The expression of one whole GUID, to build larger patterns from. */
    public static final String REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /** One whole GUID. */
    public static final Pattern WHOLE = Pattern.compile(REGEX);

    private Guids() {
    }

    /** Whether {@code s} is one whole GUID and nothing else. */
    public static boolean isWhole(String s) {
        return s != null && WHOLE.matcher(s).matches();
    }
}

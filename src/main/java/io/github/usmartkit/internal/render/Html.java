package io.github.usmartkit.internal.render;

/**
 * Escaping for the kit's HTML fragments. Every fragment is self-contained (inline styles, no
 * scripts, no external resources) so it renders the same in Jupyter, in a saved notebook and on
 * a code host's notebook viewer; tables come from {@link TableStyle#html}.
 */
public final class Html {

    private Html() {
    }

    /** Escapes {@code & < > " '} so text can never become markup. {@code null} becomes "". */
    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

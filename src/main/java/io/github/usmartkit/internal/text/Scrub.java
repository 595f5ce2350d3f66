package io.github.usmartkit.internal.text;

import io.github.usmartkit.internal.text.Redaction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last line of defence before text reaches a notebook: the client's {@link Redaction} (query
 * strings of URLs, signature parameters), then values that follow a secret's name. The client
 * already keeps secrets out of its messages; this also covers exceptions from elsewhere.
 */
public final class Scrub {

    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)((?:api[-_]?key[-_]?secret|secret|password|signature|x-(?:amz|usmart)-signature)\\s*[=:]\\s*\"?)[^\\s\"'&,;<>]+");

    private Scrub() {
    }

    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        return NAMED_SECRET.matcher(Redaction.clean(text)).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****"));
    }
}

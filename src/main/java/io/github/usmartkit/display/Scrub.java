package io.github.usmartkit.display;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last line of defence before text reaches a notebook: removes the query string of any URL
 * (a signed URL's query is a credential) and values that follow a secret's name. The client
 * already keeps secrets out of its messages; this also covers exceptions from elsewhere.
 */
final class Scrub {

    private static final Pattern URL_QUERY = Pattern.compile("((?:https?|s3)://[^\\s?#\"'<>]*)\\?[^\\s\"'<>]*");
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)((?:api[-_]?key[-_]?secret|secret|password|signature|x-(?:amz|usmart)-signature)\\s*[=:]\\s*\"?)[^\\s\"'&,;<>]+");

    private Scrub() {
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String out = URL_QUERY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?…"));
        return NAMED_SECRET.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****"));
    }
}

package io.github.usmartkit.internal.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of text shown to people: the query string of any URL (a signed URL's
 * query is a credential) and known secrets. Every session registers its API secret with
 * {@link #protect}, so that any text the kit cleans (exception fields, error boxes, logs, history)
 * masks it, whichever session the text came from.
 */
public final class Redaction {

    /** Secrets of this JVM's sessions; few, and read far more often than added. */
    private static final java.util.Set<String> PROTECTED = new java.util.concurrent.CopyOnWriteArraySet<>();

    private static final Pattern URL_QUERY = Pattern.compile("((?:https?|s3)://[^\\s?#\"'<>]*)\\?[^\\s\"'<>]*");
    private static final Pattern SIGNATURE_PARAM = Pattern.compile(
            "(?i)(X-(?:Amz|Usmart)-(?:Signature|Credential|Security-Token)=)[^&\\s\"'<>]*");

    private Redaction() {
    }

    /** The URL without its query string and fragment (as text, safe to show). */
    public static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int q = url.indexOf('?');
        int h = url.indexOf('#');
        int cut = q < 0 ? h : (h < 0 ? q : Math.min(q, h));
        return cut < 0 ? url : url.substring(0, cut);
    }

    /** Masks {@code secret} in every text cleaned from now on (secrets shorter than 4 characters are not masked: too many false hits). */
    public static void protect(String secret) {
        if (secret != null && secret.length() >= 4) {
            PROTECTED.add(secret);
        }
    }

    /**
     * Strips query strings of URLs in {@code text} (leaving {@code ?…} as a marker), masks
     * stray signature parameters, and replaces each protected or given secret with {@code ****}.
     */
    public static String clean(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = URL_QUERY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?…"));
        out = SIGNATURE_PARAM.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****"));
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "****");
            }
        }
        for (String s : PROTECTED) {
            out = out.replace(s, "****");
        }
        return out;
    }

    /** A short, single-line excerpt of a body for error messages (HTML tags removed). */
    public static String excerpt(String body, int max) {
        if (body == null) {
            return "";
        }
        String t = body.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("<[^>]*>", " ")
                .replaceAll("\\s+", " ")
                .strip();
        return t.length() <= max ? t : t.substring(0, max) + "…";
    }
}

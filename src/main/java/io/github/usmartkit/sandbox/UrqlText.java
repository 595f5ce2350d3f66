package io.github.usmartkit.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words for {@code match} and {@code matchphrase}, split roughly as a search engine's standard
 * analyser does (A): runs of letters and digits, an apostrophe inside a word kept
 * ({@code Queen's}), lower-cased.
 */
final class UrqlText {
    private UrqlText() {
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    i++;
                } else if ((c == '\'' || c == '\u2019') && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1)) && i > start) {
                    i++;
                } else {
                    break;
                }
            }
            if (i > start) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** How many of {@code wanted} occur among the words of {@code text}. */
    static int matches(String text, Set<String> wanted) {
        if (text.isEmpty()) {
            return 0;
        }
        int n = 0;
        List<String> seen = new ArrayList<>(wanted.size());
        for (String w : words(text)) {
            if (wanted.contains(w) && !seen.contains(w)) {
                seen.add(w);
                n++;
            }
        }
        return n;
    }

    /**
     * Whether the words of {@code phrase} occur in {@code text} in order with at most {@code slop}
     * other words between them in all.
     */
    static boolean phrase(String text, List<String> phrase, int slop) {
        if (text.isEmpty()) {
            return false;
        }
        List<String> words = words(text);
        for (int start = 0; start < words.size(); start++) {
            if (!words.get(start).equals(phrase.get(0))) {
                continue;
            }
            // taking each next word at its earliest place after the last one keeps the gaps smallest
            int at = start;
            int k = 1;
            for (; k < phrase.size(); k++) {
                int found = words.subList(at + 1, words.size()).indexOf(phrase.get(k));
                if (found < 0) {
                    break;
                }
                at = at + 1 + found;
            }
            if (k == phrase.size() && (at - start) - (phrase.size() - 1) <= slop) {
                return true;
            }
            if (k < phrase.size()) {
                return false; // a later start cannot find what this one did not
            }
        }
        return false;
    }
}

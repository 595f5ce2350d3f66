package io.github.usmartkit.internal.args;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The checks of arguments the kit makes before any call, each failing with a
 * {@link BadRequestException} that names the argument and what to give instead.
 */
public final class Args {

    /** What a GUID may look like: letters, digits, '-' and '_' (they go into URL paths). */
    private static final Pattern GUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    /** A GUID as the text view shows it: 8 hex digits and an ellipsis ("…" or "..."). */
    private static final Pattern SHORTENED = Pattern.compile("[0-9a-fA-F]{8}(…|\\.\\.\\.)");

    private Args() {
    }

    /**
     * A GUID, stripped of surrounding spaces.
     *
     * @param what   what it names: {@code dataset}, {@code file}, {@code resource container}
     * @param action the action it is for (for the message)
     * @throws BadRequestException if it is null, blank or not GUID-like
     */
    public static String guid(String what, String guid, String action) {
        if (guid != null && SHORTENED.matcher(guid.strip()).matches()) {
            // copied from a table's text view, which shows GUIDs as their first 8 characters and '…'
            throw new BadRequestException(Failure.of(action, null, "'" + guid.strip() + "' is a " + what
                    + " GUID shortened for the screen (its first 8 characters)", "Give it whole: " + whole(what)));
        }
        if (guid == null || guid.isBlank() || !GUID.matcher(guid.strip()).matches()) {
            String shown = guid == null ? "null" : "'" + guid + "'";
            throw new BadRequestException(Failure.of(action, null, shown + " is not a " + what + " GUID",
                    "Give the GUID as uSmart shows it, e.g. " + example(what)));
        }
        return guid.strip();
    }

    /** Where the whole GUID is, for one shown shortened. */
    private static String whole(String what) {
        return switch (what) {
            case "file" -> "the table holds it in full, e.g. dataset(ds).files().stringColumn(\"fileGUID\").get(0)";
            case "resource container" -> "the table holds it in full, e.g. dataset(ds).pipelines().stringColumn(\"resourceContainerGUID\").get(0)";
            default -> "the table holds it in full, e.g. catalog().stringColumn(\"guid\").get(0), or dataset(catalog().row(0))";
        };
    }

    private static String example(String what) {
        return switch (what) {
            case "file" -> "3880d4e6-ffdd-465b-bd97-56901021ef1c (dataset(ds).files() lists them)";
            case "resource container" -> "e5a73062-ed6c-4282-8262-b33ae725f02b (dataset(ds).pipelines() lists them)";
            default -> "114f8ea9-b5fa-45dd-af46-f9313dd31762 (catalog() lists them)";
        };
    }

    /** A required argument. */
    public static <T> T present(String name, T value, String action, String guid, String example) {
        if (value == null) {
            throw new BadRequestException(Failure.of(action, guid, name + " is null", "Give " + example));
        }
        return value;
    }

    /** A required, non-blank text argument, stripped. */
    public static String text(String name, String value, String action, String guid, String example) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(Failure.of(action, guid, name + " is " + (value == null ? "null" : "empty"),
                    "Give " + example));
        }
        return value.strip();
    }

    /**
     * A file's name as uSmart is to show it: one name, not a path (a path would show the sender's
     * folders, and {@code /} has no place in the object key's last segment), without line breaks
     * or control characters; spaces and any letters are fine.
     *
     * @throws BadRequestException naming what is wrong with it
     */
    public static String fileName(String name, String action, String guid) {
        String n = text("the file name", name, action, guid, "a name such as \"air-quality.csv\"");
        String why = null;
        if (n.indexOf('/') >= 0 || n.indexOf('\\') >= 0) {
            why = "holds a folder ('/' or '\\'): uSmart would show the sender's folders";
        } else if (n.equals(".") || n.equals("..")) {
            why = "is '" + n + "', a folder, not a file name";
        } else if (n.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            why = "holds a line break or control character";
        } else if (n.indexOf('\uFFFD') >= 0) {
            // What Java makes of a name it cannot decode (a non-ASCII name under the POSIX locale cron uses).
            throw new BadRequestException(Failure.of(action, guid, "the file name '" + n.replace('\uFFFD', '?') + "' holds characters"
                    + " this JVM could not decode (its file-name encoding is " + System.getProperty("sun.jnu.encoding", "unknown")
                    + ", from the locale): it would be stored mangled", "Run with a UTF-8 locale, e.g. LANG=C.UTF-8, or name it with"
                    + " UploadOptions.defaults().fileName(\"...\"); nothing was sent"));
        }
        if (why != null) {
            throw new BadRequestException(Failure.of(action, guid, "the file name '" + printable(n) + "' " + why,
                    "Give the base name only, e.g. UploadOptions.defaults().fileName(\"air-quality.csv\"); nothing was sent"));
        }
        return n;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return b.toString();
    }

    /** A duration of zero or more. */
    public static Duration notNegative(String name, Duration d, String action, String guid) {
        if (d == null || d.isNegative()) {
            throw new BadRequestException(Failure.of(action, guid, name + " " + d + " is not a duration of zero or more",
                    "Give e.g. Duration.ofMinutes(5)"));
        }
        return d;
    }
}

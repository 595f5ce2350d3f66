package io.github.usmartkit.internal.config;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a profile from a credentials file ({@code ~/.usmart/credentials}), INI style:
 * <pre>
 * [default]
 * org = 7e8c0232-…
 * api_key_id = key-…
 * api_key_secret = …
 * base_url = https://data.usmart.io      (optional)
 * read_url = https://api.usmart.io       (optional)
 * </pre>
 * Key names are forgiving: {@code api-key-id}, {@code USMART_API_KEY_ID} and {@code api_key_id}
 * are the same key. A file that group or others may read is refused, naming the {@code chmod}
 * to run, because it holds a secret.
 */
public final class CredentialsFile {

    private CredentialsFile() {
    }

    /** The usual place: {@code HOME/.usmart/credentials}. */
    public static Path defaultLocation(Path home) {
        return home.resolve(".usmart").resolve("credentials");
    }

    /**
     * Reads one profile.
     *
     * @return the profile's settings with normalised keys ({@code org}, {@code api_key_id},
     *         {@code api_key_secret}, {@code base_url}, {@code read_url}); empty if the file
     *         does not exist
     * @throws ConfigurationException if the file is readable by group/others, cannot be read,
     *                                or lacks the profile
     */
    public static Map<String, String> readProfile(Path file, String profile) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        checkPermissions(file);
        Map<String, Map<String, String>> sections = parse(file);
        Map<String, String> section = sections.get(profile);
        if (section == null) {
            throw new ConfigurationException(Failure.of("connect", null, "credentials file " + file + " has no profile ["
                    + profile + "] (it has " + (sections.isEmpty() ? "none" : String.join(", ", sections.keySet())) + ")",
                    "Add a [" + profile + "] section or set USMART_PROFILE to one of those"), null,
                    List.of("USMART_PROFILE", file.toString()));
        }
        return Collections.unmodifiableMap(section);
    }

    private static void checkPermissions(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system (Windows): ACLs are the user's business
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new ConfigurationException(Failure.of("connect", null, "credentials file " + file
                    + " holds an API secret but group or others may read or write it", "Run: chmod 600 " + file), null, List.of(file.toString()));
        }
    }

    private static Map<String, Map<String, String>> parse(Path file) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        int lineNo = 0;
        try {
            for (String raw : Files.readAllLines(file)) {
                lineNo++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
                            k -> new LinkedHashMap<>());
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq < 0) {
                    eq = line.indexOf(':');
                }
                if (eq < 0 || current == null) {
                    // Never echo the line: it may hold the secret.
                    throw new ConfigurationException(Failure.of("connect", null, "credentials file " + file + " line " + lineNo
                            + " is not 'key = value' inside a [profile] section", "Fix that line"), null, List.of(file.toString()));
                }
                current.put(normaliseKey(line.substring(0, eq)), unquote(line.substring(eq + 1).strip()));
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return sections;
    }

    /** Why the file cannot be read, in words, and the fix (the JDK's own message is often just the path). */
    private static ConfigurationException unreadable(Path file, IOException e) {
        String why;
        String fix;
        if (e instanceof java.nio.file.AccessDeniedException) {
            why = "this user (" + System.getProperty("user.name") + ") may not read it";
            fix = "Make it readable by its owner only: chown $USER " + file + " && chmod 600 " + file;
        } else if (e instanceof java.nio.charset.MalformedInputException || e instanceof java.nio.charset.CharacterCodingException) {
            why = "it is not UTF-8 text";
            fix = "Save it as UTF-8 text (an INI file: [default], org = …, api_key_id = …, api_key_secret = …)";
        } else if (Files.isDirectory(file)) {
            why = "it is a directory";
            fix = "Replace it by a file: see 'Connect' in the README";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : ": " + e.getMessage());
            fix = "Check the file (ls -l " + file + ") or set the settings in the environment instead";
        }
        return new ConfigurationException(Failure.of("connect", null, "cannot read credentials file " + file + ": " + why, fix), e, List.of(file.toString()));
    }

    static String normaliseKey(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        if (k.startsWith("usmart_")) {
            k = k.substring("usmart_".length());
        }
        if (k.equals("organisation") || k.equals("organization") || k.equals("org_guid")) {
            k = "org";
        }
        return k;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}

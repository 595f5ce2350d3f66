package io.github.usmartkit.internal.config;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.text.Redaction;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves settings: explicit values first, then environment variables, then the credentials
 * file profile, then defaults. Reports everything missing in one error, with where each
 * setting may come from.
 */
public final class SettingsResolver {

    /** Production control plane. */
    public static final String DEFAULT_BASE_URL = "https://data.usmart.io";
    /** Production read API. */
    public static final String DEFAULT_READ_URL = "https://api.usmart.io";

    private static final Pattern DCAT_ORG = Pattern.compile("/org/([^/?#]+)/dcat(?:[/?#]|$)");

    private SettingsResolver() {
    }

    /**
     * The home directory whose {@code .usmart/credentials} the kit reads: {@code HOME} from the
     * environment, as the shell, cron and systemd set it (and as Jupyter and every launcher read it),
     * else Java's {@code user.home}; null if neither. On Linux Java's {@code user.home} comes from the
     * password database and ignores {@code HOME}, so the two can disagree; this is the one place that
     * decides.
     */
    public static Path userHome(Map<String, String> env) {
        String home = env == null ? null : env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    /**
     * Whether any uSmart credentials are set up at all: one of {@code USMART_ORG},
     * {@code USMART_API_KEY_ID}, {@code USMART_API_KEY_SECRET} in {@code env}, or a credentials file
     * under {@code home} (readable or not: a broken one is a mistake to report, not an absence).
     */
    public static boolean configured(Map<String, String> env, Path home) {
        Map<String, String> e = env == null ? Map.of() : env;
        for (String name : new String[] {"USMART_ORG", "USMART_API_KEY_ID", "USMART_API_KEY_SECRET"}) {
            if (blankToNull(e.get(name)) != null) {
                return true;
            }
        }
        return home != null && java.nio.file.Files.exists(CredentialsFile.defaultLocation(home), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Extracts the organisation GUID from a DCAT URL as the uSmart UI shows it
     * ({@code https://data.usmart.io/org/{GUID}/dcat/public}).
     *
     * @throws ConfigurationException if the URL has no {@code /org/{GUID}/dcat} part
     */
    public static String orgFromDcatUrl(String url) {
        if (url == null || url.isBlank()) {
            throw invalid(ORG_VAR, "the DCAT URL is empty", "Copy it from the organisation page's DCAT menu, "
                    + "e.g. https://data.usmart.io/org/<GUID>/dcat/public");
        }
        Matcher m = DCAT_ORG.matcher(url.strip());
        if (!m.find()) {
            throw invalid(ORG_VAR, "cannot find the organisation GUID in " + url.strip(),
                    "Give a URL like https://data.usmart.io/org/<GUID>/dcat/public (the GUID is the part between /org/ and /dcat/)");
        }
        return checkOrg(m.group(1));
    }

    /**
     * Resolves.
     *
     * @param explicit  values set on the builder (keys: baseUrl, readUrl, org, keyId, keySecret)
     * @param env       the environment (System.getenv() or a test's map), or null to ignore it
     * @param home      the home directory for {@code .usmart/credentials}, or null to ignore the file
     * @param profile   profile name, or null for USMART_PROFILE / "default"
     */
    public static Map<String, String> resolve(Map<String, String> explicit, Map<String, String> env, Path home,
                                              String profile) {
        Map<String, String> e = env == null ? Map.of() : env;
        String prof = profile != null ? profile : e.getOrDefault("USMART_PROFILE", "default");
        Path credentials = home == null ? null : CredentialsFile.defaultLocation(home);
        Map<String, String> file = credentials == null ? Map.of() : CredentialsFile.readProfile(credentials, prof);

        Map<String, String> out = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        pick(out, sources, "baseUrl", explicit, e, "USMART_BASE_URL", file, "base_url", DEFAULT_BASE_URL);
        pick(out, sources, "readUrl", explicit, e, "USMART_READ_URL", file, "read_url", DEFAULT_READ_URL);
        pick(out, sources, "org", explicit, e, "USMART_ORG", file, "org", null);
        pick(out, sources, "keyId", explicit, e, "USMART_API_KEY_ID", file, "api_key_id", null);
        pick(out, sources, "keySecret", explicit, e, "USMART_API_KEY_SECRET", file, "api_key_secret", null);

        String where = "set it with USmart.builder(), the environment variable %s, or key '%s' in profile [" + prof + "] of "
                + (credentials == null ? "~/.usmart/credentials" : credentials);
        List<String> missing = new ArrayList<>();
        List<String> missingVars = new ArrayList<>();
        if (out.get("org") == null) {
            missingVars.add(ORG_VAR);
            missing.add("organisation GUID (" + String.format(where, "USMART_ORG", "org")
                    + "; the GUID is the part between /org/ and /dcat/ of your organisation's DCAT URL)");
        }
        if (out.get("keyId") == null) {
            missingVars.add("USMART_API_KEY_ID");
            missing.add("API key id (" + String.format(where, "USMART_API_KEY_ID", "api_key_id") + ")");
        }
        if (out.get("keySecret") == null) {
            missingVars.add("USMART_API_KEY_SECRET");
            missing.add("API key secret (" + String.format(where, "USMART_API_KEY_SECRET", "api_key_secret") + ")");
        }
        if (!missing.isEmpty()) {
            throw invalid(missingVars, "cannot connect to uSmart: missing " + String.join("; ", missing),
                    "Keys are made in uSmart under Profile > Settings; `usmart configure` writes the credentials file,"
                            + " or rehearse against the local sandbox with USMART_SANDBOX=1");
        }
        String org = out.get("org");
        out.put("org", org.contains("/") ? orgFromDcatUrl(org) : checkOrg(org));
        checkHeaderValue("API key id", out.get("keyId"));
        checkHeaderValue("API key secret", out.get("keySecret"));
        out.put("baseUrl", checkUrl("base URL", out.get("baseUrl")));
        out.put("readUrl", checkUrl("read URL", out.get("readUrl")));
        out.put("source", String.join(", ", sources.stream().distinct().toList()));
        return out;
    }

    private static void pick(Map<String, String> out, List<String> sources, String name, Map<String, String> explicit,
                             Map<String, String> env, String envName, Map<String, String> file, String fileKey, String dflt) {
        String v = blankToNull(explicit.get(name));
        String src = "builder";
        if (v == null) {
            v = blankToNull(env.get(envName));
            src = "environment";
        }
        if (v == null) {
            v = blankToNull(file.get(fileKey));
            src = "credentials file";
        }
        if (v == null) {
            v = dflt;
            src = null;
        }
        if (v != null && src != null) {
            sources.add(src);
        }
        out.put(name, v == null ? null : v.strip());
    }

    private static final Pattern ORG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** The organisation GUID, refused unless it is GUID-like (it goes into every URL's path). */
    public static String checkOrg(String org) {
        String o = org == null ? "" : org.strip();
        if (!ORG.matcher(o).matches()) {
            throw invalid(ORG_VAR, "the organisation '" + o + "' is not an organisation GUID",
                    "Give the GUID as uSmart shows it (the part between /org/ and /dcat/ of your organisation's DCAT URL),"
                            + " e.g. 7e8c0232-dab2-4937-8a70-335c712a135b, or the DCAT URL itself");
        }
        return o;
    }

    /**
     * Refuses a key id or secret that cannot be an HTTP header value (line breaks, control
     * characters: usually a paste that took the line end along). The value is never shown.
     */
    public static void checkHeaderValue(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(variable(what), "the " + what + " contains a " + (c == '\n' || c == '\r' ? "line break" : "control character")
                                + " at position " + (i + 1) + " (the value is not shown)",
                        "Set it again without the line break, e.g. printf '%s' … instead of echo, or retype it");
            }
            if (c > 0xff) {
                throw invalid(variable(what), "the " + what + " contains a character an HTTP header cannot carry at position " + (i + 1)
                        + " (the value is not shown)", "Copy it again from uSmart (Profile > Settings)");
            }
        }
    }

    private static final String ORG_VAR = "USMART_ORG";

    private static ConfigurationException invalid(String setting, String what, String todo) {
        return invalid(List.of(setting), what, todo);
    }

    private static ConfigurationException invalid(List<String> settings, String what, String todo) {
        return new ConfigurationException(Failure.of("connect", null, what, todo), null, settings);
    }

    /** The variable that names a setting, wherever it was given (the builder, the environment, the credentials file). */
    private static String variable(String what) {
        return switch (what) {
            case "API key id" -> "USMART_API_KEY_ID";
            case "API key secret" -> "USMART_API_KEY_SECRET";
            case "read URL" -> "USMART_READ_URL";
            case "base URL" -> "USMART_BASE_URL";
            // the command line's own URLs: its option
            case "sandbox URL" -> "--sandbox-url";
            case "DCAT URL" -> "--url";
            default -> what;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String example(String what) {
        return what.startsWith("read") ? DEFAULT_READ_URL : DEFAULT_BASE_URL;
    }

    /** Checks an http(s) URL and removes trailing slashes. */
    public static String checkUrl(String what, String url) {
        if (url == null || url.isBlank()) {
            throw invalid(variable(what), "the " + what + " is empty", "Give an http(s) URL such as " + example(what));
        }
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException ex) {
            throw invalid(variable(what), "the " + what + " '" + Redaction.clean(u) + "' is not a valid URL: " + ex.getMessage(),
                    "Give an http(s) URL such as " + example(what));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid(variable(what), "the " + what + " '" + Redaction.clean(u) + "' is not an http(s) URL", "Give one such as " + example(what));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(variable(what), "the " + what + " must not have a query string or fragment",
                    "Give only scheme, host and path, such as " + example(what));
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(variable(what), "the " + what + " must not carry a user name or password",
                    "Give the keys with USmart.builder().apiKey(..) or the environment, and the URL without them");
        }
        return u;
    }
}

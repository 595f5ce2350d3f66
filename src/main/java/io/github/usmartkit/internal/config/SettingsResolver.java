package io.github.usmartkit.internal.config;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;

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
     * Extracts the organisation GUID from a DCAT URL as the uSmart UI shows it
     * ({@code https://data.usmart.io/org/{GUID}/dcat/public}).
     *
     * @throws ConfigurationException if the URL has no {@code /org/{GUID}/dcat} part
     */
    public static String orgFromDcatUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("the DCAT URL is empty: copy it from the organisation page's DCAT menu, "
                    + "e.g. https://data.usmart.io/org/<GUID>/dcat/public", Failure.of("connect", null), null);
        }
        Matcher m = DCAT_ORG.matcher(url.strip());
        if (!m.find()) {
            throw new ConfigurationException("cannot find the organisation GUID in " + url.strip()
                    + ": expected a URL like https://data.usmart.io/org/<GUID>/dcat/public (the GUID is the part between /org/ and /dcat/)",
                    Failure.of("connect", null), null);
        }
        return m.group(1);
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
        if (out.get("org") == null) {
            missing.add("organisation GUID (" + String.format(where, "USMART_ORG", "org")
                    + "; the GUID is the part between /org/ and /dcat/ of your organisation's DCAT URL)");
        }
        if (out.get("keyId") == null) {
            missing.add("API key id (" + String.format(where, "USMART_API_KEY_ID", "api_key_id") + ")");
        }
        if (out.get("keySecret") == null) {
            missing.add("API key secret (" + String.format(where, "USMART_API_KEY_SECRET", "api_key_secret") + ")");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("cannot connect to uSmart: missing " + String.join("; ", missing)
                    + ". Keys are made in uSmart under Profile > Settings.", Failure.of("connect", null), null);
        }
        String org = out.get("org");
        if (org.contains("/")) {
            out.put("org", orgFromDcatUrl(org));
        }
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Checks an http(s) URL and removes trailing slashes. */
    public static String checkUrl(String what, String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException ex) {
            throw new ConfigurationException("the " + what + " '" + u + "' is not a valid URL: " + ex.getMessage(),
                    Failure.of("connect", null), null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigurationException("the " + what + " '" + u + "' must be an http(s) URL such as "
                    + (what.startsWith("read") ? DEFAULT_READ_URL : DEFAULT_BASE_URL), Failure.of("connect", null), null);
        }
        if (uri.getRawQuery() != null) {
            throw new ConfigurationException("the " + what + " must not have a query string", Failure.of("connect", null), null);
        }
        return u;
    }
}

package io.github.usmartkit.internal.http;

import java.net.URI;
import java.util.Locale;

/**
 * Every URL the kit calls, built in one place from the session's base URL (control plane, DCAT,
 * downloads), read URL (URQL) and organisation GUID (already checked to be URL-safe).
 */
public final class Endpoints {

    private final String baseUrl;
    private final String readUrl;
    private final String org;

    /**
     * @param baseUrl control plane, e.g. {@code https://data.usmart.io} (no trailing slash)
     * @param readUrl read API, e.g. {@code https://api.usmart.io} (no trailing slash)
     * @param org     the organisation GUID
     */
    public Endpoints(String baseUrl, String readUrl, String org) {
        this.baseUrl = baseUrl;
        this.readUrl = readUrl;
        this.org = org;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String readUrl() {
        return readUrl;
    }

    public String org() {
        return org;
    }

    /** {@code POST {base}/org/{org}/{action}}. */
    public String action(Action action) {
        return baseUrl + "/org/" + org + "/" + action.name();
    }

    /** {@code GET {read}/org/{org}/{rc}/{revision}/urql?{query}} ({@code query} already encoded; may be empty). */
    public String urql(String resourceContainerGuid, String revision, String query) {
        return readUrl + "/org/" + org + "/" + resourceContainerGuid + "/" + revision + "/urql"
                + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** {@code GET {base}/org/{org}/dcat/{which}} ({@code public}, {@code private} or {@code data.json}). */
    public String dcat(String which) {
        return baseUrl + "/org/" + org + "/dcat/" + which;
    }

    /** {@code GET {base}/org/{org}/resource?resourceGUID={fileGuid}}: a file's download. */
    public String resource(String fileGuid) {
        return baseUrl + "/org/" + org + "/resource?resourceGUID=" + fileGuid;
    }

    /**
     * Whether {@code url} is on one of the session's own hosts (scheme, host and port of the base
     * or read URL): only there may the API key be sent.
     */
    public boolean ownOrigin(String url) {
        return sameOrigin(url, baseUrl) || sameOrigin(url, readUrl);
    }

    private static boolean sameOrigin(String a, String b) {
        try {
            URI x = URI.create(a);
            URI y = URI.create(b);
            return x.getScheme() != null && x.getHost() != null
                    && x.getScheme().equalsIgnoreCase(y.getScheme())
                    && x.getHost().toLowerCase(Locale.ROOT).equals(y.getHost() == null ? null : y.getHost().toLowerCase(Locale.ROOT))
                    && port(x) == port(y);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}

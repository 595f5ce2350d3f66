package io.github.usmartkit.config;

import java.time.Duration;

/**
 * Everything a session needs, resolved. {@link #toString()} shows the key id and
 * {@code secret=****}, never the secret.
 *
 * @param baseUrl        control plane, no trailing slash
 * @param readUrl        read API, no trailing slash
 * @param org            organisation GUID
 * @param key            API key
 * @param connectTimeout connect timeout
 * @param readTimeout    answer timeout
 * @param proxy          proxy, or null
 * @param retry          retry policy
 * @param source         where the settings came from, for messages (e.g. "environment", "profile default")
 */
public record Settings(String baseUrl, String readUrl, String org, ApiKey key, Duration connectTimeout,
                       Duration readTimeout, ProxySettings proxy, RetryPolicy retry, String source) {

    @Override
    public String toString() {
        return "Settings[baseUrl=" + baseUrl + ", readUrl=" + readUrl + ", org=" + org + ", key="
                + (key == null ? "none" : key.id() + " secret=****") + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + (proxy == null ? "" : ", proxy=" + proxy) + ", source=" + source + "]";
    }
}

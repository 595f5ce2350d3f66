package io.github.usmartkit.config;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;

/**
 * A uSmart API key: the id and the secret sent as {@code api-key-id} / {@code api-key-secret}.
 * {@link #toString()} shows the id only and {@code secret=****}.
 */
public record ApiKey(String id, String secret) {

    /** @throws ConfigurationException if either part is null (a raw NullPointerException before) */
    public ApiKey {
        if (id == null || secret == null) {
            throw new ConfigurationException(Failure.of("connect", null, "the API key " + (id == null ? "id" : "secret") + " is null",
                    "Give both parts: new ApiKey(id, secret), as uSmart shows them under Profile > Settings"), null,
                    java.util.List.of(id == null ? "USMART_API_KEY_ID" : "USMART_API_KEY_SECRET"));
        }
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", secret=****]";
    }
}

package io.github.usmartkit.config;

import java.util.Objects;

/**
 * A uSmart API key: the id and the secret sent as {@code api-key-id} / {@code api-key-secret}.
 * {@link #toString()} shows the id only and {@code secret=****}.
 */
public record ApiKey(String id, String secret) {

    public ApiKey {
        Objects.requireNonNull(id, "api key id");
        Objects.requireNonNull(secret, "api key secret");
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", secret=****]";
    }
}

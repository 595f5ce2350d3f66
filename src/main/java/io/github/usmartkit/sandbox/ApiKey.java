package io.github.usmartkit.sandbox;

import java.util.Objects;

/**
 * An API key pair as uSmart issues it: the {@code api-key-id} and {@code api-key-secret} headers.
 * {@link #toString()} never shows the secret.
 */
public record ApiKey(String id, String secret) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", secret=****]";
    }
}

package io.github.usmartkit.config;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;

/**
 * An HTTP proxy, optionally with basic authentication. {@link #toString()} never shows the
 * password.
 *
 * @param host     proxy host
 * @param port     proxy port
 * @param user     user name, or null
 * @param password password, or null
 */
public record ProxySettings(String host, int port, String user, String password) {

    public ProxySettings {
        if (host == null || host.isBlank()) {
            throw new ConfigurationException(Failure.of("connect", null, "the proxy host is empty", "Give the proxy's host name, e.g. proxy.example.org"),
                    null, java.util.List.of("USmart.builder().proxy"));
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException(Failure.of("connect", null, "proxy port " + port + " is not a port number",
                    "Give a port from 1 to 65535, e.g. 3128"), null, java.util.List.of("USmart.builder().proxy"));
        }
    }

    /** Whether the proxy needs credentials. */
    public boolean authenticated() {
        return user != null && !user.isEmpty();
    }

    @Override
    public String toString() {
        return "ProxySettings[" + (authenticated() ? user + ":****@" : "") + host + ":" + port + "]";
    }
}

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
            throw new ConfigurationException("proxy host is empty: give the proxy's host name, e.g. proxy.example.org", Failure.of("connect", null), null);
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException("proxy port " + port + " is not a port number (1-65535)", Failure.of("connect", null), null);
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

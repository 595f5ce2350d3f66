package io.github.usmartkit;

import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every call (control plane, PUT, reads) goes through a proxy that demands basic authentication. */
class ProxyTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "proxy-pass-4321";

    static Sandbox sandbox;
    static RecordingProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.start();
        proxy = new RecordingProxy(USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        proxy.clear();
    }

    private USmart viaProxy(String password) {
        return Sandboxes.builder(sandbox, sandbox.providerKey())
                .proxy("127.0.0.1", proxy.port(), USER, password).connect();
    }

    @Test
    void proxyWithAuthentication_carriesViewUploadAndReads() throws IOException {
        try (USmart u = viaProxy(PASSWORD)) {
            assertEquals(Sandboxes.AIR, u.dataset(Sandboxes.AIR).view().datasetGuid());
            var r = u.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "via-proxy.csv", 10));
            assertEquals(Boolean.TRUE, r.etagMatches(), "the streamed body was sent again whole after the 407");
            assertEquals(5, u.rows(Sandboxes.CAR_API, 5).rowCount());
        }
        assertTrue(proxy.challenged.get() >= 1, "the proxy asked for credentials");
        assertTrue(proxy.forwarded.stream().anyMatch(s -> s.startsWith("POST ") && s.endsWith("/dataset:view")), proxy.forwarded.toString());
        assertTrue(proxy.forwarded.stream().anyMatch(s -> s.startsWith("PUT /s3/")), proxy.forwarded.toString());
        assertTrue(proxy.forwarded.stream().anyMatch(s -> s.endsWith("/file:create")), proxy.forwarded.toString());
        assertTrue(proxy.forwarded.stream().anyMatch(s -> s.endsWith("/urql")), proxy.forwarded.toString());
    }

    @Test
    void proxyRefusingCredentials_saysSoWithoutPassword() {
        try (USmart u = viaProxy("wrong-" + PASSWORD)) {
            USmartException e = assertThrows(USmartException.class, () -> u.dataset(Sandboxes.AIR).view());
            assertTrue(e instanceof io.github.usmartkit.error.TransportException, e.toString());
            assertTrue(e.getMessage().contains("proxy refused its credentials"), e.getMessage());
            assertFalse(e.getMessage().contains("attempts"), "not retried: " + e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
            assertFalse(u.toString().contains(PASSWORD));
            assertFalse(u.settings().toString().contains(PASSWORD));
        }
        assertTrue(proxy.forwarded.isEmpty());
    }
}

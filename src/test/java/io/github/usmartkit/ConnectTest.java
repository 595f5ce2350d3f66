package io.github.usmartkit;

import io.github.usmartkit.config.ApiKey;
import io.github.usmartkit.config.ProxySettings;
import io.github.usmartkit.error.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings from the builder, the environment and the credentials file; no call is made. */
class ConnectTest {

    private static final String ORG = "7e8c0232-dab2-4937-8a70-335c712a135b";
    private static final String SECRET = "s3cr3t-VALUE-never-shown";

    @TempDir
    Path home;

    private Path credentials(String text, String perms) throws IOException {
        Path dir = Files.createDirectories(home.resolve(".usmart"));
        Path f = dir.resolve("credentials");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void connect_readsEnvironment() {
        try (USmart u = USmart.builder().home(home).environment(Map.of("USMART_ORG", ORG, "USMART_API_KEY_ID", "key-1",
                "USMART_API_KEY_SECRET", SECRET, "USMART_BASE_URL", "http://127.0.0.1:9/", "USMART_READ_URL", "http://127.0.0.1:8")).connect()) {
            assertEquals(ORG, u.org());
            assertEquals("http://127.0.0.1:9", u.baseUrl(), "trailing slash removed");
            assertEquals("http://127.0.0.1:8", u.readUrl());
            assertEquals("key-1", u.settings().key().id());
        }
    }

    @Test
    void connect_defaultsToProductionUrls() {
        try (USmart u = USmart.builder().home(home).environment(Map.of()).org(ORG).apiKey("key-1", SECRET).connect()) {
            assertEquals("https://data.usmart.io", u.baseUrl());
            assertEquals("https://api.usmart.io", u.readUrl());
        }
    }

    @Test
    void connect_fallsBackToCredentialsProfile() throws IOException {
        credentials("# mine\n[default]\norg = " + ORG + "\napi-key-id = key-file\nAPI_KEY_SECRET = \"" + SECRET + "\"\n", "rw-------");
        try (USmart u = USmart.builder().home(home).environment(Map.of()).connect()) {
            assertEquals(ORG, u.org());
            assertEquals("key-file", u.settings().key().id());
            assertEquals(SECRET, u.settings().key().secret());
        }
    }

    @Test
    void connect_usesProfileNamedByEnvironment() throws IOException {
        credentials("[default]\norg = a\napi_key_id = k1\napi_key_secret = s1\n[test]\norg = " + ORG
                + "\napi_key_id = k2\napi_key_secret = s2\nbase_url = http://localhost:1234\n", "rw-------");
        try (USmart u = USmart.builder().home(home).environment(Map.of("USMART_PROFILE", "test")).connect()) {
            assertEquals("k2", u.settings().key().id());
            assertEquals("http://localhost:1234", u.baseUrl());
        }
    }

    @Test
    void connect_environmentWinsOverFileAndBuilderWinsOverBoth() throws IOException {
        credentials("[default]\norg = file-org\napi_key_id = k-file\napi_key_secret = s-file\n", "rw-------");
        try (USmart u = USmart.builder().home(home).environment(Map.of("USMART_API_KEY_ID", "k-env", "USMART_API_KEY_SECRET", "s-env"))
                .org(ORG).connect()) {
            assertEquals(ORG, u.org());
            assertEquals("k-env", u.settings().key().id());
        }
    }

    @Test
    void connect_refusesCredentialsFileReadableByOthers() throws IOException {
        Path f = credentials("[default]\norg = " + ORG + "\napi_key_id = k\napi_key_secret = " + SECRET + "\n", "rw-r--r--");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().home(home).environment(Map.of()).connect());
        assertTrue(e.getMessage().contains("chmod 600 " + f), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void connect_refusesCredentialsFileReadableByGroup() throws IOException {
        credentials("[default]\norg = " + ORG + "\n", "rw-r-----");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().home(home).environment(Map.of()).connect());
        assertEquals(List.of(home.resolve(".usmart/credentials").toString()), e.settings());
    }

    @Test
    void connect_namesMissingProfile() throws IOException {
        credentials("[default]\norg = " + ORG + "\n", "rw-------");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().home(home).environment(Map.of("USMART_PROFILE", "prod")).connect());
        assertEquals(java.util.Optional.of("USMART_PROFILE"), e.setting());
    }

    @Test
    void connect_badLineDoesNotEchoIt() throws IOException {
        credentials("[default]\n" + SECRET + "\n", "rw-------");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().home(home).environment(Map.of()).connect());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertEquals(List.of(home.resolve(".usmart/credentials").toString()), e.settings());
        assertFalse(e.getMessage().contains(SECRET));
        assertFalse(e.settings().toString().contains(SECRET));
    }

    @Test
    void connect_listsEverythingMissingAndWhereFrom() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().home(home).environment(Map.of()).connect());
        assertEquals(List.of("USMART_ORG", "USMART_API_KEY_ID", "USMART_API_KEY_SECRET"), e.settings());
        // the one wording check kept: the message says where each setting can be given
        String m = e.getMessage();
        for (String s : new String[] {"USMART_ORG", "USMART_API_KEY_ID", "USMART_API_KEY_SECRET", "credentials", "USmart.builder()", "/dcat/"}) {
            assertTrue(m.contains(s), "message names " + s + ": " + m);
        }
    }

    @Test
    void connect_listsOnlyWhatIsMissing() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().home(home).environment(Map.of("USMART_API_KEY_ID", "k")).org(ORG).connect());
        assertTrue(e.getMessage().contains("USMART_API_KEY_SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("USMART_ORG"), e.getMessage());
    }

    @Test
    void dcatUrl_givesOrganisationGuid() {
        try (USmart u = USmart.builder().home(home).environment(Map.of())
                .dcatUrl("https://data.usmart.io/org/" + ORG + "/dcat/public").apiKey("k", SECRET).connect()) {
            assertEquals(ORG, u.org());
        }
    }

    @Test
    void orgFromEnvironment_acceptsDcatUrl() {
        try (USmart u = USmart.builder().home(home).environment(Map.of("USMART_ORG", "https://data.usmart.io/org/" + ORG + "/dcat/private"))
                .apiKey("k", SECRET).connect()) {
            assertEquals(ORG, u.org());
        }
    }

    @Test
    void dcatUrl_refusesUrlWithoutOrganisation() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().dcatUrl("https://data.usmart.io/datasets"));
        assertTrue(e.getMessage().contains("between /org/ and /dcat/"), e.getMessage());
    }

    @Test
    void baseUrl_refusesNonHttpUrl() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> USmart.builder().baseUrl("data.usmart.io"));
        assertTrue(e.getMessage().contains("http(s) URL"), e.getMessage());
    }

    @Test
    void proxy_refusesBadPort() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> USmart.builder().proxy("proxy", 0));
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }

    @Test
    void toString_neverShowsSecret() {
        USmart.Builder b = USmart.builder().home(home).environment(Map.of()).org(ORG).apiKey("key-id-1", SECRET)
                .proxy("proxy.example.org", 3128, "bob", "proxy-" + SECRET);
        try (USmart u = b.connect()) {
            for (Object o : new Object[] {u, u.settings(), b, new ApiKey("key-id-1", SECRET), u.settings().proxy(),
                    new ProxySettings("p", 1, "bob", SECRET), u.dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762")}) {
                String s = o.toString();
                assertFalse(s.contains(SECRET), s);
            }
            assertTrue(u.toString().contains("key-id-1"), u.toString());
            assertTrue(u.toString().contains("secret=****"), u.toString());
            assertTrue(u.settings().toString().contains("secret=****"));
        }
    }

    @Test
    void timeouts_refuseZeroAndNegative() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> USmart.builder().readTimeout(java.time.Duration.ZERO));
        assertTrue(e.getMessage().contains("readTimeout"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> USmart.builder().connectTimeout(java.time.Duration.ofSeconds(-1)));
    }

    @Test
    void uploadOptions_refuseBlankFileName() {
        io.github.usmartkit.error.BadRequestException e = assertThrows(io.github.usmartkit.error.BadRequestException.class,
                () -> io.github.usmartkit.upload.UploadOptions.defaults().fileName("  "));
        assertTrue(e.getMessage().contains("fileName is blank"), e.getMessage());
    }

    @Test
    void builderArguments_nameTheSettingThatWasWrong_neverItsValue() {
        record Case(org.junit.jupiter.api.function.Executable call, List<String> settings) {
        }
        List<Case> cases = List.of(
                new Case(() -> USmart.builder().org(" "), List.of("USMART_ORG")),
                new Case(() -> USmart.builder().apiKey("key-1", ""), List.of("USMART_API_KEY_SECRET")),
                new Case(() -> USmart.builder().apiKey(null, SECRET), List.of("USMART_API_KEY_ID")),
                new Case(() -> USmart.builder().apiKey((ApiKey) null), List.of("USMART_API_KEY_ID", "USMART_API_KEY_SECRET")),
                new Case(() -> USmart.builder().connectTimeout(java.time.Duration.ZERO), List.of("USmart.builder().connectTimeout")),
                new Case(() -> USmart.builder().readTimeout(null), List.of("USmart.builder().readTimeout")),
                new Case(() -> USmart.builder().proxy(" ", 3128), List.of("USmart.builder().proxy")),
                new Case(() -> USmart.builder().proxy("proxy.example.org", 0), List.of("USmart.builder().proxy")),
                new Case(() -> USmart.builder().proxy("proxy.example.org", 3128, "me", ""), List.of("USmart.builder().proxy")),
                new Case(() -> USmart.builder().retryPolicy(null), List.of("USmart.builder().retryPolicy")),
                new Case(() -> USmart.builder().baseUrl("ftp://example.org"), List.of("USMART_BASE_URL")),
                new Case(() -> USmart.builder().readUrl("not a url"), List.of("USMART_READ_URL")),
                new Case(() -> io.github.usmartkit.internal.config.SettingsResolver.checkUrl("sandbox URL", "ftp://x"), List.of("--sandbox-url")));
        for (Case c : cases) {
            ConfigurationException e = assertThrows(ConfigurationException.class, c.call());
            assertEquals(c.settings(), e.settings(), e.getMessage());
            assertFalse(e.settings().toString().contains(SECRET));
        }
    }
}

package io.github.usmartkit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in a JVM of its own, stopped with SIGTERM as a user's Ctrl-C would. */
class SandboxMainTest {
    @TempDir
    Path dir;

    private Path stderr;

    private Process launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName()));
        cmd.addAll(List.of(args));
        stderr = Files.createTempFile(dir, "stderr", ".txt");
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    }

    @Test
    void main_writesEnvFileMode600PrintsNoSecretAndStopsOnSigterm() throws Exception {
        Path env = dir.resolve("sandbox.env");
        Process p = launch("--port", "0", "--data", dir.resolve("data").toString(), "--env-file", env.toString());
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("Ctrl-C")) {
                    break;
                }
            }
            assertTrue(out.toString().contains("listening on http://127.0.0.1:"), out.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
            Map<String, String> vars = new HashMap<>();
            for (String l : Files.readAllLines(env)) {
                if (!l.startsWith("#") && l.contains("=")) {
                    vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
                }
            }
            for (String k : List.of("USMART_BASE_URL", "USMART_READ_URL", "USMART_ORG", "USMART_API_KEY_ID", "USMART_API_KEY_SECRET")) {
                assertTrue(vars.containsKey(k), k);
            }
            assertTrue(vars.get("USMART_API_KEY_ID").startsWith("key-provider-"));
            assertTrue(out.toString().contains(vars.get("USMART_API_KEY_ID")));
            assertFalse(out.toString().contains(vars.get("USMART_API_KEY_SECRET")), "the secret is never printed");
            ApiKey key = new ApiKey(vars.get("USMART_API_KEY_ID"), vars.get("USMART_API_KEY_SECRET"));
            TestHttp.Resp view = TestHttp.postTo(vars.get("USMART_BASE_URL") + "/org/" + vars.get("USMART_ORG") + "/dataset:view", key,
                    "{\"datasetGUID\":\"114f8ea9-b5fa-45dd-af46-f9313dd31762\"}");
            assertEquals(200, view.status());
        } finally {
            p.destroy(); // SIGTERM
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
        String err = Files.readString(stderr);
        assertTrue(err.contains("stopped"), err);
        String secret = Files.readAllLines(env).stream().filter(l -> l.startsWith("USMART_API_KEY_SECRET=")).findFirst().orElseThrow()
                .substring("USMART_API_KEY_SECRET=".length());
        assertFalse(err.contains(secret), "the secret is never logged");
        assertFalse(Files.exists(dir.resolve("data").resolve("state.json.tmp")));
    }

    @Test
    void main_badOptionExitsWith2AndUsage() throws Exception {
        Process p = launch("--colour", "red");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String err = Files.readString(stderr);
        assertTrue(err.contains("unknown option '--colour'"), err);
        assertTrue(err.contains("usage:"));
    }

    @Test
    void main_badFaultSpecExitsWith2NamingIt() throws Exception {
        Process p = launch("--faults", "5xx=lots");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(stderr).contains("5xx must be a fraction"));
    }

    @Test
    void main_portInUseExitsWith1() throws Exception {
        try (Sandbox sb = Sandbox.start()) {
            Process p = launch("--port", String.valueOf(sb.port()));
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            assertTrue(Files.readString(stderr).contains("cannot start the sandbox"));
        }
    }
}

package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the seed's Python upload snippet, with only its URL, GUIDs and keys filled in,
 * replaces a file in the sandbox. Skipped (with the reason printed) without a python3 that has
 * {@code requests}; CI installs python3-requests.
 */
class SeedSnippetTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private static boolean pythonWithRequests() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import requests").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void seedPythonSnippet_replacesAFileAndDatasetViewShowsTheNewRevision() throws Exception {
        boolean available = pythonWithRequests();
        if (!available) {
            System.out.println("SeedSnippetTest skipped: " + PYTHON + " with the 'requests' module is not available (apt-get install python3-requests)");
        }
        assumeTrue(available, PYTHON + " with the 'requests' module is not available (apt-get install python3-requests)");

        String template;
        try (InputStream in = SeedSnippetTest.class.getResourceAsStream("seed_update_snippet.py")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        byte[] csv = "timestamp,site,no2,pm10,pm25\n2026-11-27T11:00:00Z,North Park,22.4,11.0,5.2\n".getBytes(StandardCharsets.UTF_8);
        Path data = dir.resolve("air-quality-2026.csv");
        Files.write(data, csv);

        try (Sandbox sb = Sandbox.start()) {
            int before = TestHttp.view(sb, AIR).get("files").get(0).get("revision").asInt();
            String script = template
                    .replace("https://data.usmart.io", sb.baseUrl())
                    .replace("[Your Organisation GUID]", sb.org())
                    .replace("[your api-key-secret]", sb.providerKey().secret())
                    .replace("[your api-key-id]", sb.providerKey().id())
                    .replace("[Your file here]", data.toString())
                    .replace("[your file GUID]", AIR_FILE);
            Path py = dir.resolve("snippet.py");
            Files.writeString(py, script);
            Process p = new ProcessBuilder(PYTHON, py.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("'revision': " + (before + 1)), out);

            JsonNode f = TestHttp.view(sb, AIR).get("files").get(0);
            assertEquals(before + 1, f.get("revision").asInt());
            assertEquals(csv.length, f.get("fileSize").asLong());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(csv)), f.get("md5").asText());
            // the snippet sends the path it was given, and uSmart shows it as given
            assertEquals(data.toString(), f.get("fileName").asText());
        }
    }
}

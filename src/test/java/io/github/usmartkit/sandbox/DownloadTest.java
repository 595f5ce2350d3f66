package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.BIN_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.CAR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static io.github.usmartkit.sandbox.DemoGuids.RECYCLING_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /org/{org}/resource?resourceGUID={fileGUID}}: the file's current bytes, with its content type. */
class DownloadTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension();

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    static String url(String guid) {
        return sb().baseUrl() + "/org/" + sb().org() + "/resource?resourceGUID=" + guid;
    }

    @Test
    void aSeededCsv_comesAsUploaded() {
        TestHttp.Resp r = TestHttp.get(url(AIR_FILE), null);
        assertEquals(200, r.status());
        assertEquals("text/csv", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("filename=\"air-quality-2026.csv\""), r.headers().toString());
        String[] lines = r.body().split("\n");
        assertEquals("timestamp,site,no2,pm10,pm25", lines[0]);
        assertEquals(2001, lines.length);
        assertEquals(1501, TestHttp.get(url(CAR_FILE), null).body().split("\n").length);
    }

    @Test
    void aGeoJsonFile_comesWithItsType() {
        TestHttp.Resp r = TestHttp.get(url(RECYCLING_FILE), null);
        assertEquals(200, r.status());
        assertEquals("application/geo+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode fc = r.json();
        assertEquals("FeatureCollection", fc.get("type").asText());
        assertEquals(3, fc.get("features").size());
    }

    @Test
    void aNewRevision_isWhatTheDownloadGives_beforeAnyProcessing() {
        JsonNode f = TestHttp.createFile(sb(), PLAYGROUND, "notes v1.txt", "first".getBytes(StandardCharsets.UTF_8));
        String guid = f.get("fileGUID").asText();
        assertEquals("first", TestHttp.get(url(guid), null).body());
        TestHttp.updateRevision(sb(), guid, "notes v2.txt", "second, longer".getBytes(StandardCharsets.UTF_8));
        TestHttp.Resp r = TestHttp.get(url(guid), null);
        assertEquals("second, longer", r.body());
        assertEquals("text/plain", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("filename=\"notes v2.txt\""));
    }

    @Test
    void aPrivateDatasetsFile_needsAMembersKey() {
        assertEquals("Unauthorized", TestHttp.get(url(BIN_FILE), null).error(401));
        assertEquals("Forbidden", TestHttp.get(url(BIN_FILE), sb().otherOrgKey()).error(403));
        TestHttp.Resp r = TestHttp.get(url(BIN_FILE), sb().viewerKey());
        assertEquals(200, r.status());
        assertTrue(r.body().startsWith("date,street,ward,bin_type\n"));
    }

    @Test
    void aContainerGuid_isNotAFile_theAnswerSaysWhichFileItPublishes() {
        TestHttp.Resp r = TestHttp.get(url(AIR_API), null);
        assertEquals("NotFound", r.error(404));
        assertTrue(r.json().get("error").get("message").asText().contains(AIR_FILE), r.body());
        assertEquals("NotFound", TestHttp.get(url("00000000-0000-4000-8000-000000000000"), null).error(404));
        assertEquals("ValidationError", TestHttp.get(sb().baseUrl() + "/org/" + sb().org() + "/resource", null).error(400));
    }

    @Test
    void dataSetViewsDownloadUrl_isTheFilesDownload() {
        JsonNode c = TestHttp.container(sb(), DemoGuids.AIR, AIR_API);
        assertEquals(url(AIR_FILE), c.get("downloadUrl").asText());
    }
}

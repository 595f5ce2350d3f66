package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** resourceContainer:process over real HTTP: what publishes, what fails and why. */
class PipelinesTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(10)));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    /** Adds the bytes as a new file with a container of the pipeline, processes it, returns the finished container. */
    static JsonNode process(String name, byte[] bytes, String pipeline) {
        JsonNode f = TestHttp.createFile(sb(), PLAYGROUND, name, bytes);
        JsonNode c = TestHttp.ok(sb(), "resourceContainer:create", sb().providerKey(), "{\"datasetGUID\":\"" + PLAYGROUND
                + "\",\"pipelineId\":\"" + pipeline + "\",\"fileGUID\":\"" + f.get("fileGUID").asText() + "\"}");
        String guid = c.get("resourceContainerGUID").asText();
        TestHttp.ok(sb(), "resourceContainer:process", sb().providerKey(), "{\"resourceContainerGUID\":\"" + guid + "\"}");
        return TestHttp.awaitProcessed(sb(), PLAYGROUND, guid);
    }

    static String failure(String csv) {
        JsonNode c = process("f.csv", csv.getBytes(StandardCharsets.UTF_8), "csv-to-api");
        assertEquals("failed", c.get("status").asText());
        return c.get("failureReason").asText();
    }

    @Test
    void process_emptyFileFails() {
        assertTrue(failure("").contains("empty"));
    }

    @Test
    void process_duplicateColumnFails() {
        assertTrue(failure("a,b,a\n1,2,3\n").contains("'a' appears twice"));
    }

    @Test
    void process_unclosedQuoteFailsNamingTheLine() {
        String reason = failure("a,b\n1,2\n3,\"open\n4,5\n");
        assertTrue(reason.contains("line 3") && reason.contains("never closed"), reason);
    }

    @Test
    void process_notUtf8Fails() {
        byte[] latin1 = "name,town\nJos\u00e9,M\u00e1laga\n".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode c = process("latin1.csv", latin1, "csv-to-api");
        assertEquals("failed", c.get("status").asText());
        assertTrue(c.get("failureReason").asText().contains("UTF-8"));
    }

    @Test
    void process_geojsonNeedsCoordinates() {
        JsonNode bad = process("p.csv", "name,value\na,1\n".getBytes(StandardCharsets.UTF_8), "csv-to-geojson");
        assertTrue(bad.get("failureReason").asText().contains("latitude"));
        JsonNode good = process("p.csv", "name,latitude,longitude\na,55.95,-3.19\n".getBytes(StandardCharsets.UTF_8), "csv-to-geojson");
        assertEquals("complete", good.get("status").asText());
        assertEquals(1, good.get("rowCount").asLong());
    }

    @Test
    void process_quotedNewlinesCrlfAndBomParse() {
        String csv = "\uFEFFid,note\r\n1,\"two\r\nlines\"\r\n2,\"say \"\"hi\"\"\"\r\n";
        JsonNode c = process("q.csv", csv.getBytes(StandardCharsets.UTF_8), "csv-to-api");
        assertEquals("complete", c.get("status").asText());
        assertEquals(2, c.get("rowCount").asLong());
        JsonNode rows = TestHttp.get(c.get("apiUrl").asText(), null).json();
        assertEquals("two\r\nlines", rows.get(0).get("note").asText());
        assertEquals("say \"hi\"", rows.get(1).get("note").asText());
        assertEquals(1, rows.get(0).get("id").asInt());
    }

    @Test
    void process_failureKeepsThePreviousPublication() {
        JsonNode good = process("k.csv", "a\n1\n2\n".getBytes(StandardCharsets.UTF_8), "csv-to-api");
        String guid = good.get("resourceContainerGUID").asText();
        String fileGUID = good.get("fileGUID").asText();
        TestHttp.updateRevision(sb(), fileGUID, "k.csv", "a,b\n1\n".getBytes(StandardCharsets.UTF_8));
        TestHttp.ok(sb(), "resourceContainer:process", sb().providerKey(), "{\"resourceContainerGUID\":\"" + guid + "\"}");
        JsonNode failed = TestHttp.awaitProcessed(sb(), PLAYGROUND, guid);
        assertEquals("failed", failed.get("status").asText());
        assertEquals(2, TestHttp.get(good.get("apiUrl").asText(), null).json().size());
    }

    @Test
    void process_republishesTheNewRevision() {
        JsonNode first = process("r.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), "csv-to-download");
        String guid = first.get("resourceContainerGUID").asText();
        TestHttp.updateRevision(sb(), first.get("fileGUID").asText(), "r.csv", "a\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8));
        TestHttp.ok(sb(), "resourceContainer:process", sb().providerKey(), "{\"resourceContainerGUID\":\"" + guid + "\"}");
        JsonNode done = TestHttp.awaitProcessed(sb(), PLAYGROUND, guid);
        assertEquals(3, done.get("rowCount").asLong());
        assertEquals("a\n1\n2\n3\n", TestHttp.get(done.get("downloadUrl").asText(), null).body());
        String base = sb().baseUrl() + "/org/" + sb().org() + "/" + guid;
        assertEquals(1, TestHttp.get(base + "/1/urql", null).json().size());
        assertEquals(3, TestHttp.get(base + "/2/urql", null).json().size());
    }

    /** Containers of one file processed together: one analysis of its bytes may serve them, never another file's or revision's. */
    @Test
    void process_containersOfOneFile_eachGetTheirOwnOutcome_andANewRevisionIsAnalysedAgain() {
        JsonNode f = TestHttp.createFile(sb(), PLAYGROUND, "s.csv", "name,value\na,1\nb,2\n".getBytes(StandardCharsets.UTF_8));
        String file = f.get("fileGUID").asText();
        java.util.List<String> guids = new java.util.ArrayList<>();
        for (String pipeline : java.util.List.of("csv-to-api", "csv-to-download", "csv-to-geojson")) {
            guids.add(TestHttp.ok(sb(), "resourceContainer:create", sb().providerKey(), "{\"datasetGUID\":\"" + PLAYGROUND
                    + "\",\"pipelineId\":\"" + pipeline + "\",\"fileGUID\":\"" + file + "\"}").get("resourceContainerGUID").asText());
        }
        java.util.function.Consumer<Integer> processAll = rows -> {
            for (String g : guids) {
                TestHttp.ok(sb(), "resourceContainer:process", sb().providerKey(), "{\"resourceContainerGUID\":\"" + g + "\"}");
            }
            JsonNode api = TestHttp.awaitProcessed(sb(), PLAYGROUND, guids.get(0));
            JsonNode download = TestHttp.awaitProcessed(sb(), PLAYGROUND, guids.get(1));
            JsonNode geojson = TestHttp.awaitProcessed(sb(), PLAYGROUND, guids.get(2));
            assertEquals("complete", api.get("status").asText());
            assertEquals(rows, api.get("rowCount").asInt());
            assertEquals(rows, TestHttp.get(api.get("apiUrl").asText() + "?limit(-1)", null).json().size());
            assertEquals("complete", download.get("status").asText());
            assertEquals(rows, download.get("rowCount").asInt());
            assertEquals("failed", geojson.get("status").asText(), "the geojson check is its own");
            assertTrue(geojson.get("failureReason").asText().contains("latitude"), geojson.toString());
        };
        processAll.accept(2);
        TestHttp.updateRevision(sb(), file, "s.csv", "name,value\na,1\nb,2\nc,3\n".getBytes(StandardCharsets.UTF_8));
        processAll.accept(3);
    }

    @Test
    void process_passesThroughQueuedOrProcessing() {
        try (Sandbox slow = Sandbox.builder().processingDelay(Duration.ofSeconds(30)).start()) {
            TestHttp.ok(slow, "resourceContainer:process", slow.providerKey(), "{\"resourceContainerGUID\":\"ade675ea-1a63-4322-9d7a-c58782afe012\"}");
            JsonNode c = TestHttp.container(slow, "a60c7aad-cf06-4def-938e-31a6432d45f1", "ade675ea-1a63-4322-9d7a-c58782afe012");
            assertEquals("queued", c.get("status").asText());
            // the previous publication keeps serving while a run is pending
            assertEquals(100, TestHttp.get(c.get("apiUrl").asText(), null).json().size());
        }
    }
}

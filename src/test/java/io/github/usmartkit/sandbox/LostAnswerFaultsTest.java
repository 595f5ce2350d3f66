package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.CAR;
import static io.github.usmartkit.sandbox.DemoGuids.CAR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static io.github.usmartkit.sandbox.TestHttp.ok;
import static io.github.usmartkit.sandbox.TestHttp.post;
import static io.github.usmartkit.sandbox.TestHttp.quote;
import static io.github.usmartkit.sandbox.TestHttp.upload;
import static io.github.usmartkit.sandbox.TestHttp.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** applyThenFail / applyThenReset: the request is carried out, then its answer is lost. */
class LostAnswerFaultsTest {
    static final byte[] CSV = "site,value\na,1\nb,2\n".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(20)));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    @AfterEach
    void clear() {
        sb().faults().clear();
    }

    private static String fileCreateBody(String reference, String fileName, int size) {
        return TestHttp.fileCreateBody(PLAYGROUND, reference, fileName, size);
    }

    private static long filesNamed(String datasetGUID, String fileName) {
        long n = 0;
        for (JsonNode f : view(sb(), datasetGUID).get("files")) {
            if (f.get("fileName").asText().equals(fileName)) {
                n++;
            }
        }
        return n;
    }

    private static HttpRequest postRequest(String action, String body) {
        return TestHttp.postRequest(sb().baseUrl() + "/org/" + sb().org() + "/" + action, sb().providerKey(), body);
    }

    private static String uniqueName() {
        return "lost-" + UUID.randomUUID() + ".csv";
    }

    @Test
    void applyThenFail_fileCreateRegistersTheFileButAnswers502() {
        String name = uniqueName();
        String ref = upload(sb(), name, CSV);
        sb().faults().applyThenFail("file:create", 502, 1);
        assertEquals("BadGateway", post(sb(), "file:create", sb().providerKey(), fileCreateBody(ref, name, CSV.length)).error(502));
        assertEquals(1, filesNamed(PLAYGROUND, name));
    }

    @Test
    void applyThenReset_fileCreateRegistersTheFileButCutsTheAnswer() {
        String name = uniqueName();
        String ref = upload(sb(), name, CSV);
        sb().faults().applyThenReset("file:create", 1);
        HttpRequest req = postRequest("file:create", fileCreateBody(ref, name, CSV.length));
        assertThrows(IOException.class, () -> TestHttp.CLIENT.send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, filesNamed(PLAYGROUND, name));
    }

    @Test
    void applyThenFail_updateRevisionBumpsTheRevisionButAnswers503() {
        int before = view(sb(), CAR).get("files").get(0).get("revision").asInt();
        String ref = upload(sb(), "car-park-occupancy.csv", CSV);
        sb().faults().applyThenFail("file:updateRevision", 503, 1);
        String body = TestHttp.updateRevisionBody(ref, "car-park-occupancy.csv", CAR_FILE, CSV.length);
        assertEquals("ServiceUnavailable", post(sb(), "file:updateRevision", sb().providerKey(), body).error(503));
        JsonNode f = view(sb(), CAR).get("files").get(0);
        assertEquals(before + 1, f.get("revision").asInt());
        assertEquals(CSV.length, f.get("fileSize").asLong());
    }

    @Test
    void applyThenReset_containerCreateMakesTheContainerButCutsTheAnswer() {
        String name = uniqueName();
        String fileGUID = TestHttp.createFile(sb(), PLAYGROUND, name, CSV).get("fileGUID").asText();
        sb().faults().applyThenReset("resourceContainer:create", 1);
        HttpRequest req = postRequest("resourceContainer:create",
                "{\"datasetGUID\":\"" + PLAYGROUND + "\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"" + fileGUID + "\"}");
        assertThrows(IOException.class, () -> TestHttp.CLIENT.send(req, HttpResponse.BodyHandlers.ofString()));
        long made = 0;
        for (JsonNode c : view(sb(), PLAYGROUND).get("resourceContainers")) {
            if (c.get("fileGUID").asText().equals(fileGUID)) {
                made++;
            }
        }
        assertEquals(1, made);
    }

    @Test
    void applyThenFail_containerCreateAndProcessBothTakeEffect() {
        String name = uniqueName();
        String fileGUID = TestHttp.createFile(sb(), PLAYGROUND, name, CSV).get("fileGUID").asText();
        int before = view(sb(), PLAYGROUND).get("resourceContainers").size();
        sb().faults().applyThenFail("resourceContainer:create", 500, 1);
        assertEquals("InternalError", post(sb(), "resourceContainer:create", sb().providerKey(),
                "{\"datasetGUID\":\"" + PLAYGROUND + "\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"" + fileGUID + "\"}").error(500));
        JsonNode rcs = view(sb(), PLAYGROUND).get("resourceContainers");
        assertEquals(before + 1, rcs.size());
        String guid = rcs.get(rcs.size() - 1).get("resourceContainerGUID").asText();
        assertEquals(fileGUID, rcs.get(rcs.size() - 1).get("fileGUID").asText());

        sb().faults().applyThenFail("resourceContainer:process", 502, 1);
        assertEquals("BadGateway", post(sb(), "resourceContainer:process", sb().providerKey(),
                "{\"resourceContainerGUID\":\"" + guid + "\"}").error(502));
        JsonNode done = TestHttp.awaitProcessed(sb(), PLAYGROUND, guid);
        assertEquals("complete", done.get("status").asText());
        assertEquals(2, done.get("rowCount").asLong());
    }

    @Test
    void applyThenFail_putStoresTheObjectButAnswersS3Error() {
        String name = uniqueName();
        JsonNode put = ok(sb(), "s3:generatePutRequest", sb().providerKey(), "{\"fileName\":" + quote(name) + "}");
        sb().faults().applyThenFail("PUT", 503, 1);
        assertEquals("ServiceUnavailable", TestHttp.put(put.get("signedRequest").asText(), "text/csv", CSV).s3Error(503));
        ok(sb(), "file:create", sb().providerKey(), fileCreateBody(put.get("reference").asText(), name, CSV.length));
        assertEquals(1, filesNamed(PLAYGROUND, name));
    }

    @Test
    void applyThenReset_putStoresTheObjectButCutsTheAnswer() {
        String name = uniqueName();
        JsonNode put = ok(sb(), "s3:generatePutRequest", sb().providerKey(), "{\"fileName\":" + quote(name) + "}");
        sb().faults().applyThenReset("PUT", 1);
        HttpRequest req = HttpRequest.newBuilder(URI.create(put.get("signedRequest").asText()))
                .header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofByteArray(CSV)).build();
        assertThrows(IOException.class, () -> TestHttp.CLIENT.send(req, HttpResponse.BodyHandlers.ofString()));
        ok(sb(), "file:create", sb().providerKey(), fileCreateBody(put.get("reference").asText(), name, CSV.length));
        assertEquals(1, filesNamed(PLAYGROUND, name));
    }

    @Test
    void applyThenFail_losesExactlyThatManyAnswers() {
        sb().faults().applyThenFail("s3:generatePutRequest", 500, 2);
        String body = "{\"fileName\":\"a.csv\"}";
        assertEquals("InternalError", post(sb(), "s3:generatePutRequest", sb().providerKey(), body).error(500));
        assertEquals("InternalError", post(sb(), "s3:generatePutRequest", sb().providerKey(), body).error(500));
        assertEquals(200, post(sb(), "s3:generatePutRequest", sb().providerKey(), body).status());
    }

    @Test
    void applyThenFail_refusedActionChangesNothingAndItsAnswerIsLostToo() {
        String name = uniqueName();
        sb().faults().applyThenFail("file:create", 502, 1);
        String body = fileCreateBody("uploads/never-uploaded/" + name, name, 3);
        assertEquals("BadGateway", post(sb(), "file:create", sb().providerKey(), body).error(502));
        assertEquals(0, filesNamed(PLAYGROUND, name));
        assertEquals("InvalidReference", post(sb(), "file:create", sb().providerKey(), body).error(400));
    }

    @Test
    void applyThenFail_rejectsReadRoutesAndNonServerStatuses() {
        IllegalArgumentException read = assertThrows(IllegalArgumentException.class, () -> sb().faults().applyThenFail("urql", 500, 1));
        assertTrue(read.getMessage().contains("\"urql\""), read.getMessage());
        assertTrue(read.getMessage().contains("file:create"), read.getMessage());
        IllegalArgumentException status = assertThrows(IllegalArgumentException.class, () -> sb().faults().applyThenFail("file:create", 429, 1));
        assertTrue(status.getMessage().contains("429"), status.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sb().faults().applyThenReset("dcat", 1));
        assertThrows(IllegalArgumentException.class, () -> sb().faults().applyThenReset("PUT", 0));
    }
}

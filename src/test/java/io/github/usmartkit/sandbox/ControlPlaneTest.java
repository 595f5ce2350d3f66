package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.BINS;
import static io.github.usmartkit.sandbox.DemoGuids.CAR;
import static io.github.usmartkit.sandbox.DemoGuids.CAR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static io.github.usmartkit.sandbox.TestHttp.ok;
import static io.github.usmartkit.sandbox.TestHttp.post;
import static io.github.usmartkit.sandbox.TestHttp.upload;
import static io.github.usmartkit.sandbox.TestHttp.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlPlaneTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(20)));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    @Test
    void datasetView_showsSeededMetadataFilesAndContainers() {
        JsonNode d = view(sb(), AIR);
        assertEquals(AIR, d.get("datasetGUID").asText());
        assertEquals(sb().org(), d.get("organisationGUID").asText());
        assertEquals("Air quality readings", d.get("title").asText());
        assertEquals("public", d.get("visibility").asText());
        JsonNode f = d.get("files").get(0);
        assertEquals(AIR_FILE, f.get("fileGUID").asText());
        assertEquals("air-quality-2026.csv", f.get("fileName").asText());
        assertEquals("text/csv", f.get("contentType").asText());
        assertTrue(f.get("fileSize").asLong() > 50_000);
        assertEquals(2, d.get("resourceContainers").size());
        JsonNode c = d.get("resourceContainers").get(0);
        assertEquals("e5a73062-ed6c-4282-8262-b33ae725f02b", c.get("resourceContainerGUID").asText());
        assertEquals("csv-to-api", c.get("pipelineId").asText());
        assertEquals("complete", c.get("status").asText());
        assertEquals(2000, c.get("rowCount").asLong());
    }

    @Test
    void datasetView_privateDatasetVisibleToViewer() {
        assertEquals("private", view(sb(), BINS).get("visibility").asText());
    }

    @Test
    void datasetView_worksForEveryRole() {
        for (ApiKey k : new ApiKey[] {sb().viewerKey(), sb().providerKey(), sb().adminKey()}) {
            assertEquals(200, post(sb(), "dataset:view", k, "{\"datasetGUID\":\"" + AIR + "\"}").status());
        }
    }

    @Test
    void auth_missingKeyIs401() {
        assertEquals("Unauthorized", post(sb(), "dataset:view", null, "{\"datasetGUID\":\"" + AIR + "\"}").error(401));
    }

    @Test
    void auth_unknownKeyIdIs401() {
        TestHttp.Resp r = post(sb(), "dataset:view", new ApiKey("key-nobody-00000000", "x"), "{\"datasetGUID\":\"" + AIR + "\"}");
        assertEquals("Unauthorized", r.error(401));
    }

    @Test
    void auth_wrongSecretIs401AndNeverEchoesSecrets() {
        TestHttp.Resp r = post(sb(), "dataset:view", new ApiKey(sb().viewerKey().id(), "wrong-secret-value"), "{\"datasetGUID\":\"" + AIR + "\"}");
        assertEquals("Unauthorized", r.error(401));
        assertFalse(r.body().contains("wrong-secret-value"));
        assertFalse(r.body().contains(sb().viewerKey().secret()));
    }

    @Test
    void auth_keyOfAnotherOrganisationIs403() {
        assertEquals("Forbidden", post(sb(), "dataset:view", sb().otherOrgKey(), "{\"datasetGUID\":\"" + AIR + "\"}").error(403));
    }

    @Test
    void auth_viewerCannotWrite() {
        TestHttp.Resp r = post(sb(), "s3:generatePutRequest", sb().viewerKey(), "{\"fileName\":\"a.csv\"}");
        assertEquals("Forbidden", r.error(403));
        assertTrue(r.json().get("error").get("message").asText().contains("Provider"));
    }

    @Test
    void unknownOrganisationIs404() {
        TestHttp.Resp r = TestHttp.postTo(sb().baseUrl() + "/org/00000000-0000-0000-0000-000000000000/dataset:view", sb().viewerKey(), "{}");
        assertEquals("NotFound", r.error(404));
    }

    @Test
    void unknownActionIs404() {
        TestHttp.Resp r = post(sb(), "dataset:delete", sb().adminKey(), "{}");
        assertEquals("UnknownAction", r.error(404));
        assertTrue(r.json().get("error").get("message").asText().contains("dataset:view"));
    }

    @Test
    void unknownDatasetIs404() {
        assertEquals("NotFound", post(sb(), "dataset:view", sb().viewerKey(), "{\"datasetGUID\":\"nope\"}").error(404));
    }

    @Test
    void malformedJsonIs400() {
        assertEquals("MalformedJson", post(sb(), "dataset:view", sb().viewerKey(), "{not json").error(400));
        assertEquals("MalformedJson", post(sb(), "dataset:view", sb().viewerKey(), "[1,2]").error(400));
        assertEquals("MalformedJson", post(sb(), "dataset:view", sb().viewerKey(), "").error(400));
    }

    @Test
    void missingOrMistypedFieldIs400NamingTheField() {
        TestHttp.Resp r = post(sb(), "dataset:view", sb().viewerKey(), "{}");
        assertEquals("ValidationError", r.error(400));
        assertTrue(r.body().contains("datasetGUID"));
        TestHttp.Resp r2 = post(sb(), "file:updateRevision", sb().providerKey(),
                "{\"reference\":\"r\",\"fileName\":\"a.csv\",\"fileGUID\":\"" + AIR_FILE + "\",\"fileSize\":\"12\"}");
        assertEquals("ValidationError", r2.error(400));
        assertTrue(r2.body().contains("fileSize"));
    }

    @Test
    void actionFieldMustMatchTheUrl() {
        TestHttp.Resp r = post(sb(), "dataset:view", sb().viewerKey(), "{\"datasetGUID\":\"" + AIR + "\",\"action\":\"file:create\"}");
        assertEquals("ValidationError", r.error(400));
    }

    @Test
    void getIs405() {
        TestHttp.Resp r = TestHttp.get(sb().baseUrl() + "/org/" + sb().org() + "/dataset:view", sb().viewerKey());
        assertEquals("MethodNotAllowed", r.error(405));
    }

    @Test
    void generatePutRequest_returnsSignedUrlTypeAndReference() {
        JsonNode r = ok(sb(), "s3:generatePutRequest", sb().providerKey(), "{\"fileName\":\"data.geojson\"}");
        assertTrue(r.get("signedRequest").asText().startsWith(sb().baseUrl() + "/s3/usmart-uploads/uploads/"));
        assertEquals("application/geo+json", r.get("contentType").asText());
        assertTrue(r.get("reference").asText().startsWith("uploads/"));
        assertTrue(r.get("reference").asText().endsWith("/data.geojson"));
    }

    @Test
    void fileCreate_addsRevisionOneFile() {
        byte[] bytes = "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8);
        String ref = upload(sb(), "new.csv", bytes);
        JsonNode f = ok(sb(), "file:create", sb().providerKey(), TestHttp.fileCreateBody(PLAYGROUND, ref, "new.csv", bytes.length));
        assertEquals(1, f.get("revision").asInt());
        String guid = f.get("fileGUID").asText();
        boolean listed = false;
        for (JsonNode x : view(sb(), PLAYGROUND).get("files")) {
            listed |= x.get("fileGUID").asText().equals(guid);
        }
        assertTrue(listed);
    }

    @Test
    void fileCreate_unknownReferenceIsInvalidReference() {
        int before = view(sb(), PLAYGROUND).get("files").size();
        TestHttp.Resp r = post(sb(), "file:create", sb().providerKey(), TestHttp.fileCreateBody(PLAYGROUND, "uploads/none/x.csv", "x.csv", 3));
        assertEquals("InvalidReference", r.error(400));
        assertEquals(before, view(sb(), PLAYGROUND).get("files").size());
    }

    @Test
    void fileCreate_unknownDatasetIs404() {
        String ref = upload(sb(), "a.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        TestHttp.Resp r = post(sb(), "file:create", sb().providerKey(), TestHttp.fileCreateBody("nope", ref, "a.csv", 4));
        assertEquals("NotFound", r.error(404));
    }

    @Test
    void updateRevision_bumpsRevisionAndStoresFileNameAsGiven() {
        int before = view(sb(), CAR).get("files").get(0).get("revision").asInt();
        byte[] bytes = ("timestamp,car_park,capacity,occupied\n2026-11-27T10:00:00Z,Greenside,420,100\n").getBytes(StandardCharsets.UTF_8);
        JsonNode f = TestHttp.updateRevision(sb(), CAR_FILE, "/home/analyst/data/car-park-occupancy.csv", bytes);
        assertEquals(before + 1, f.get("revision").asInt());
        JsonNode listed = view(sb(), CAR).get("files").get(0);
        assertEquals(before + 1, listed.get("revision").asInt());
        assertEquals("/home/analyst/data/car-park-occupancy.csv", listed.get("fileName").asText());
        assertEquals(bytes.length, listed.get("fileSize").asLong());
    }

    @Test
    void updateRevision_sizeMismatchChangesNothing() {
        JsonNode before = view(sb(), AIR).get("files").get(0);
        byte[] bytes = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        String ref = upload(sb(), "a.csv", bytes);
        TestHttp.Resp r = post(sb(), "file:updateRevision", sb().providerKey(), TestHttp.updateRevisionBody(ref, "a.csv", AIR_FILE, bytes.length + 1));
        assertEquals("InvalidReference", r.error(400));
        assertEquals(before, view(sb(), AIR).get("files").get(0));
    }

    @Test
    void updateRevision_unknownFileIs404() {
        String ref = upload(sb(), "a.csv", "a\n".getBytes(StandardCharsets.UTF_8));
        TestHttp.Resp r = post(sb(), "file:updateRevision", sb().providerKey(), TestHttp.updateRevisionBody(ref, "a.csv", "nope", 2));
        assertEquals("NotFound", r.error(404));
    }

    @Test
    void containerCreate_unknownPipelineListsKnownOnes() {
        TestHttp.Resp r = post(sb(), "resourceContainer:create", sb().providerKey(), "{\"datasetGUID\":\"" + AIR + "\",\"pipelineId\":\"csv-to-moon\"}");
        assertEquals("ValidationError", r.error(400));
        assertTrue(r.body().contains("csv-to-api"));
    }

    @Test
    void containerCreate_datasetWithoutFilesIs400() {
        try (Sandbox fresh = Sandbox.start()) {
            TestHttp.Resp r = post(fresh, "resourceContainer:create", fresh.providerKey(),
                    "{\"datasetGUID\":\"" + PLAYGROUND + "\",\"pipelineId\":\"csv-to-api\"}");
            assertEquals("ValidationError", r.error(400));
            assertTrue(r.body().contains("file:create"));
        }
    }

    @Test
    void process_runsQueuedToComplete() {
        byte[] bytes = "site,value\nA,1\nB,2\nC,3\n".getBytes(StandardCharsets.UTF_8);
        JsonNode file = createFile("good.csv", bytes);
        JsonNode c = ok(sb(), "resourceContainer:create", sb().providerKey(), "{\"datasetGUID\":\"" + PLAYGROUND
                + "\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"" + file.get("fileGUID").asText() + "\"}");
        assertEquals("new", c.get("status").asText());
        String guid = c.get("resourceContainerGUID").asText();
        JsonNode ack = ok(sb(), "resourceContainer:process", sb().providerKey(), "{\"resourceContainerGUID\":\"" + guid + "\"}");
        assertEquals("queued", ack.get("status").asText());
        JsonNode done = TestHttp.awaitProcessed(sb(), PLAYGROUND, guid);
        assertEquals("complete", done.get("status").asText());
        assertEquals(3, done.get("rowCount").asLong());
        assertEquals(3, TestHttp.get(sb().baseUrl() + "/org/" + sb().org() + "/" + guid + "/latest/urql", null).json().size());
    }

    @Test
    void process_badCsvFailsWithReason() {
        byte[] bytes = "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8);
        JsonNode file = createFile("bad.csv", bytes);
        JsonNode c = ok(sb(), "resourceContainer:create", sb().providerKey(), "{\"datasetGUID\":\"" + PLAYGROUND
                + "\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"" + file.get("fileGUID").asText() + "\"}");
        String guid = c.get("resourceContainerGUID").asText();
        ok(sb(), "resourceContainer:process", sb().providerKey(), "{\"resourceContainerGUID\":\"" + guid + "\"}");
        JsonNode done = TestHttp.awaitProcessed(sb(), PLAYGROUND, guid);
        assertEquals("failed", done.get("status").asText());
        assertTrue(done.get("failureReason").asText().contains("line 3"), done.toString());
    }

    @Test
    void process_unknownContainerIs404() {
        assertEquals("NotFound", post(sb(), "resourceContainer:process", sb().providerKey(), "{\"resourceContainerGUID\":\"nope\"}").error(404));
    }

    @Test
    void responsesNeverCarrySecrets() {
        for (String action : new String[] {"dataset:view", "s3:generatePutRequest", "file:create"}) {
            TestHttp.Resp r = post(sb(), action, sb().providerKey(), "{\"datasetGUID\":\"" + AIR + "\",\"fileName\":\"a.csv\"}");
            assertFalse(r.body().contains(sb().providerKey().secret()), action);
        }
        assertFalse(sb().providerKey().toString().contains(sb().providerKey().secret()));
        assertFalse(sb().toString().contains(sb().providerKey().secret()));
        assertTrue(sb().toString().contains(sb().baseUrl()));
        assertTrue(sb().providerKey().toString().contains(sb().providerKey().id()));
    }

    @Test
    void rootAndUnknownPathsAnswerWithoutStackTraces() {
        assertEquals(200, TestHttp.send(HttpRequest.newBuilder(URI.create(sb().baseUrl() + "/")).build()).status());
        assertEquals("NotFound", TestHttp.get(sb().baseUrl() + "/nowhere", null).error(404));
        assertEquals("NotFound", TestHttp.get(sb().baseUrl() + "/org/" + sb().org() + "/a/b/c/d/e", null).error(404));
    }

    @Test
    void oversizedBodyIs413() {
        String big = "{\"datasetGUID\":\"" + "x".repeat(1 << 20) + "\"}";
        assertEquals("PayloadTooLarge", post(sb(), "dataset:view", sb().viewerKey(), big).error(413));
    }

    @Test
    void writeActionsNeedProviderOrAdmin() {
        String body = "{\"fileName\":\"a.csv\"}";
        assertEquals(200, post(sb(), "s3:generatePutRequest", sb().adminKey(), body).status());
        for (String action : new String[] {"file:create", "file:updateRevision", "resourceContainer:create", "resourceContainer:process"}) {
            assertEquals("Forbidden", post(sb(), action, sb().viewerKey(), "{}").error(403), action);
        }
    }

    @Test
    void readApiAndDcatOfUnknownOrganisationAre404() {
        String org = "00000000-0000-0000-0000-000000000000";
        assertEquals("NotFound", TestHttp.get(sb().baseUrl() + "/org/" + org + "/dcat/public", null).error(404));
        assertEquals("NotFound", TestHttp.get(sb().baseUrl() + "/org/" + org + "/e5a73062-ed6c-4282-8262-b33ae725f02b/latest/urql", null).error(404));
    }

    @Test
    void readApiAndDcatRefuseWrites() {
        TestHttp.Resp dcat = TestHttp.postTo(sb().baseUrl() + "/org/" + sb().org() + "/dcat/public", null, "{}");
        assertEquals("MethodNotAllowed", dcat.error(405));
        TestHttp.Resp urql = TestHttp.postTo(sb().baseUrl() + "/org/" + sb().org() + "/e5a73062-ed6c-4282-8262-b33ae725f02b/latest/urql", null, "{}");
        assertEquals("MethodNotAllowed", urql.error(405));
    }

    @Test
    void readApiWithWrongKeyIs401EvenForPublicData() {
        TestHttp.Resp r = TestHttp.get(sb().baseUrl() + "/org/" + sb().org() + "/e5a73062-ed6c-4282-8262-b33ae725f02b/latest/urql",
                new ApiKey(sb().viewerKey().id(), "bad"));
        assertEquals("Unauthorized", r.error(401));
    }

    @Test
    void urlsInAnswersFollowTheHostTheClientUsed() {
        String body = "{\"fileName\":\"a.csv\"}";
        String req = "POST /org/" + sb().org() + "/s3:generatePutRequest HTTP/1.1\r\nHost: sandbox.example:" + sb().port()
                + "\r\napi-key-id: " + sb().providerKey().id() + "\r\napi-key-secret: " + sb().providerKey().secret()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        String answer = TestHttp.raw(sb().port(), req.getBytes(StandardCharsets.UTF_8));
        assertTrue(answer.contains("\"signedRequest\":\"http://sandbox.example:" + sb().port() + "/s3/usmart-uploads/uploads/"), answer);
        String evil = req.replace("Host: sandbox.example:", "Host: evil.example/x?:");
        assertTrue(TestHttp.raw(sb().port(), evil.getBytes(StandardCharsets.UTF_8)).contains("\"signedRequest\":\"" + sb().baseUrl() + "/s3/"));
    }

    @Test
    void bindToEveryInterfaceStillGivesALoopbackBaseUrl() {
        try (Sandbox wide = Sandbox.builder().bind("0.0.0.0").start()) {
            assertEquals("http://127.0.0.1:" + wide.port(), wide.baseUrl());
            assertEquals(200, post(wide, "dataset:view", wide.viewerKey(), "{\"datasetGUID\":\"" + AIR + "\"}").status());
        }
    }

    static JsonNode createFile(String name, byte[] bytes) {
        return TestHttp.createFile(sb(), PLAYGROUND, name, bytes);
    }
}

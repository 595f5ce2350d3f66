package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state.json written by the sandbox before publications had schemas (version 2) still loads, upgraded. */
class StateUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void aVersion2State_getsSchemasStatusesAndSlugs() throws IOException {
        JsonNode before;
        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            before = UrqlFixture.urql(sb, AIR_API, "limit(3)");
        }
        Path file = dir.resolve("state.json");
        ObjectNode state = (ObjectNode) TestHttp.JSON.readTree(file.toFile());
        state.put("version", 2);
        for (JsonNode org : state.get("orgs")) {
            ((ObjectNode) org).remove("slug");
            for (JsonNode d : org.get("datasets")) {
                ((ObjectNode) d).remove(java.util.List.of("status", "contactName", "accrualPeriodicity"));
                for (JsonNode f : d.get("files")) {
                    ((ObjectNode) f).remove("mediaType");
                }
                for (JsonNode c : d.get("containers")) {
                    for (JsonNode p : c.get("publications")) {
                        ((ObjectNode) p).remove("schema");
                    }
                }
            }
        }
        String old = TestHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state);
        assertFalse(old.contains("\"schema\"") || old.contains("\"status\" : \"Published\""), "as version 2 wrote it");
        Files.writeString(file, old);

        try (Sandbox sb = Sandbox.builder().dataDir(dir).start()) {
            String upgraded = Files.readString(file);
            assertTrue(upgraded.contains("\"version\" : 3"), "saved as the current version");
            assertTrue(upgraded.contains("\"schema\""));
            JsonNode after = UrqlFixture.urql(sb, AIR_API, "limit(3)");
            assertEquals(before, after, "the same typed rows and ids as before");
            assertTrue(after.get(0).get("no2").isNumber());
            JsonNode air = DcatTest.byGuid(TestHttp.get(sb.baseUrl() + "/org/" + sb.org() + "/dcat/data.json", null).json()).get(AIR);
            assertEquals("Published", air.get("status").asText());
            assertTrue(air.get("landingPage").asText().contains("/org/democitycouncil/"), air.get("landingPage").asText());
        }
    }
}

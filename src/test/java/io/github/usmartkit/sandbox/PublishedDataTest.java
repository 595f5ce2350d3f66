package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a publication serves: cells typed by the column schema inferred at processing, opaque ids, numbered revisions. */
class PublishedDataTest {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{20}");
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(10)));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    @Test
    void cellsAreTypedByTheirColumn_notByTheirLook() {
        String csv = "num,code,when,mixed,nothing,flag\n"
                + "1,414,2026-01-05,12,,true\n"
                + "2.50,415,2026-01-05T09:30:00Z,abc,,false\n"
                + "-3e2,0131,2026-01-05T10:00:00.123+01:00,,,true\n"
                + ",416,,7,,\n";
        String rc = UrqlFixture.publish(sb(), "typed.csv", csv);
        TestHttp.Resp r = UrqlFixture.get(sb(), rc, "limit(-1)");
        JsonNode rows = r.json();
        assertEquals(4, rows.size());
        JsonNode first = rows.get(0);
        assertTrue(first.get("num").isNumber(), first.toString());
        assertTrue(first.get("code").isTextual(), "a column holding 0131 is text, so 414 stays a string: " + first);
        assertEquals("414", first.get("code").asText());
        assertEquals("2026-01-05", first.get("when").asText());
        assertTrue(first.get("mixed").isTextual(), "12 in a column that also holds abc is text");
        assertTrue(first.get("nothing").isNull(), "a column with no value at all: nulls");
        assertTrue(first.get("flag").isTextual(), "true/false cells are text");
        assertTrue(rows.get(3).get("num").isNull(), "an empty cell of a number column is null");
        assertTrue(rows.get(2).get("mixed").isNull(), "an empty cell of a text column is null too");
        assertTrue(r.body().contains("\"num\":2.50,") && r.body().contains("\"num\":-3e2,"), "numbers as published: " + r.body());
        assertTrue(rows.get(2).get("when").asText().endsWith("+01:00"), "timestamps as written");
        assertEquals(2, UrqlFixture.urql(sb(), rc, "gt(when,2026-01-05T00:00:00Z)").size(), "and compared as instants");
    }

    @Test
    void aNumberLikeColumn_withLeadingZerosOrPlus_isText() {
        String rc = UrqlFixture.publish(sb(), "codes.csv", "a,b,c\n007,+5,5\n010,+6,6\n");
        JsonNode row = UrqlFixture.urql(sb(), rc, "limit(1)").get(0);
        assertEquals("007", row.get("a").asText());
        assertTrue(row.get("a").isTextual() && row.get("b").isTextual() && row.get("c").isNumber(), row.toString());
    }

    @Test
    void usmartIds_areOpaqueDistinctAndStable() {
        JsonNode a = UrqlFixture.urql(sb(), AIR_API, "limit(-1)");
        JsonNode b = UrqlFixture.urql(sb(), AIR_API, "limit(-1)");
        Set<String> ids = new HashSet<>();
        for (int k = 0; k < a.size(); k++) {
            String id = a.get(k).get("usmart_id").asText();
            assertTrue(ID.matcher(id).matches(), id);
            assertTrue(ids.add(id), "distinct: " + id);
            assertEquals(id, b.get(k).get("usmart_id").asText(), "the same on every read");
        }
        assertEquals(2000, ids.size());
        assertTrue(ids.stream().noneMatch(id -> id.matches("\\d+")), "not row numbers");
        assertEquals(a.get(1500), UrqlFixture.urql(sb(), AIR_API, "limit(1,1500)").get(0), "a page gives the same id as the full read");
    }

    @Test
    void eachProcessingPublishesTheNextRevision_earlierOnesStayReadable() {
        String v1 = "site,value\na,1\nb,2\n";
        String v2 = "site,value\na,x\nb,y\nc,z\n";
        JsonNode f = TestHttp.createFile(sb(), PLAYGROUND, "revised.csv", v1.getBytes(StandardCharsets.UTF_8));
        String fileGUID = f.get("fileGUID").asText();
        JsonNode c = TestHttp.ok(sb(), "resourceContainer:create", sb().providerKey(), "{\"datasetGUID\":\"" + PLAYGROUND
                + "\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"" + fileGUID + "\"}");
        String rc = c.get("resourceContainerGUID").asText();
        assertEquals("NotFound", TestHttp.get(UrqlFixture.url(sb(), rc, "1", ""), null).error(404), "nothing published yet");
        UrqlFixture.process(sb(), rc);
        TestHttp.updateRevision(sb(), fileGUID, "revised.csv", v2.getBytes(StandardCharsets.UTF_8));
        JsonNode stillOne = TestHttp.get(UrqlFixture.url(sb(), rc, "latest", ""), null).json();
        assertEquals(2, stillOne.size(), "a new file revision publishes nothing until processed");
        UrqlFixture.process(sb(), rc);

        JsonNode one = TestHttp.get(UrqlFixture.url(sb(), rc, "1", "limit(-1)"), null).json();
        JsonNode two = TestHttp.get(UrqlFixture.url(sb(), rc, "2", "limit(-1)"), null).json();
        JsonNode latest = TestHttp.get(UrqlFixture.url(sb(), rc, "latest", "limit(-1)"), null).json();
        assertEquals(2, one.size());
        assertTrue(one.get(0).get("value").isNumber(), "revision 1 keeps its own schema: " + one);
        assertEquals(3, two.size());
        assertTrue(two.get(0).get("value").isTextual(), "revision 2 was typed anew: " + two);
        assertEquals(two, latest);
        assertNotEquals(one.get(0).get("usmart_id"), two.get(0).get("usmart_id"), "another revision, other ids");
        TestHttp.Resp three = TestHttp.get(UrqlFixture.url(sb(), rc, "3", ""), null);
        assertEquals("NotFound", three.error(404));
        assertTrue(three.body().contains("the latest is 2"), three.body());
        assertEquals("ValidationError", TestHttp.get(UrqlFixture.url(sb(), rc, "newest", ""), null).error(400));
        JsonNode view = TestHttp.container(sb(), PLAYGROUND, rc);
        assertEquals(3, view.get("rowCount").asLong());
    }

    @Test
    void theSeededPublications_areTypedToo() {
        JsonNode row = UrqlFixture.urql(sb(), AIR_API, "limit(1)").get(0);
        assertTrue(row.get("no2").isNumber() && row.get("site").isTextual() && row.get("timestamp").isTextual(), row.toString());
        JsonNode bins = TestHttp.get(UrqlFixture.url(sb(), DemoGuids.BIN_API, "1", "limit(1)&lt(date,2026-09-02)"), sb().viewerKey()).json();
        assertEquals(List.of("date", "street", "ward", "bin_type", "usmart_id"), ReadApiTest.keys(bins.get(0)));
        assertEquals("2026-09-01", bins.get(0).get("date").asText(), "a date column compared as dates");
    }
}

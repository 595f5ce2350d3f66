package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static io.github.usmartkit.sandbox.DemoGuids.BIN_API;
import static io.github.usmartkit.sandbox.DemoGuids.CAR_API;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadApiTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension();

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    /** The keys of a row object, in order. */
    static List<String> keys(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static String urql(String rc, String query) {
        return sb().baseUrl() + "/org/" + sb().org() + "/" + rc + "/latest/urql" + (query.isEmpty() ? "" : "?" + query);
    }

    @Test
    void urql_defaultPageIs100RowsWithUsmartIds() {
        JsonNode rows = TestHttp.get(urql(AIR_API, ""), null).json();
        assertEquals(100, rows.size());
        JsonNode first = rows.get(0);
        assertTrue(first.get("usmart_id").isTextual());
        assertEquals(List.of("timestamp", "site", "no2", "pm10", "pm25", "usmart_id"), keys(first), "usmart_id last, as uSmart answers");
        assertEquals("Central Library", first.get("site").asText());
        assertTrue(first.get("no2").isNumber());
        assertEquals("2026-01-01T00:00:00Z", first.get("timestamp").asText());
    }

    @Test
    void urql_limitAndOffsetPage() {
        JsonNode all = TestHttp.get(urql(AIR_API, "limit(20,0)"), null).json();
        JsonNode page = TestHttp.get(urql(AIR_API, "limit(5,10)"), null).json();
        assertEquals(5, page.size());
        assertEquals(all.get(10), page.get(0));
        assertEquals(all.get(14), page.get(4));
    }

    @Test
    void urql_limitMinusOneStreamsEveryRow() {
        assertEquals(2000, TestHttp.get(urql(AIR_API, "limit(-1)"), null).json().size());
    }

    @Test
    void urql_pagingPast10000IsRefused() {
        TestHttp.Resp r = TestHttp.get(urql(AIR_API, "limit(100,9950)"), null);
        assertEquals("ValidationError", r.error(400));
        assertTrue(r.body().contains("limit(-1)"));
    }

    @Test
    void urql_filtersByColumnValue() {
        JsonNode rows = TestHttp.get(urql(CAR_API, "limit(-1)&car_park=Greenside"), null).json();
        assertEquals(300, rows.size());
        rows.forEach(r -> assertEquals("Greenside", r.get("car_park").asText()));
        JsonNode spaced = TestHttp.get(urql(CAR_API, "limit(2)&car_park=St%20James%20Quarter"), null).json();
        assertEquals(2, spaced.size());
    }

    @Test
    void urql_unknownFilterColumnMatchesNothing() {
        assertEquals(0, TestHttp.get(urql(CAR_API, "colour=red"), null).json().size(), "as a search engine's would");
    }

    @Test
    void urql_formatCsv() {
        TestHttp.Resp r = TestHttp.get(urql(CAR_API, "limit(3)&format(csv)"), null);
        assertEquals(200, r.status());
        String[] lines = r.body().split("\r\n");
        assertEquals("timestamp,car_park,capacity,occupied", lines[0]);
        assertEquals(4, lines.length);
    }

    @Test
    void urql_unknownTermIs400NamingItAndWhereItStarts() {
        TestHttp.Resp r = TestHttp.get(urql(CAR_API, "limit(2)&colour(red)"), null);
        assertEquals("ValidationError", r.error(400));
        assertEquals("colour(red)", r.json().get("error").get("term").asText());
        assertEquals(10, r.json().get("error").get("position").asInt());
    }

    @Test
    void urql_privateNeedsKeys() {
        assertEquals("Unauthorized", TestHttp.get(urql(BIN_API, "limit(2)"), null).error(401));
        assertEquals("Forbidden", TestHttp.get(urql(BIN_API, "limit(2)"), sb().otherOrgKey()).error(403));
        JsonNode rows = TestHttp.get(urql(BIN_API, "limit(500)"), sb().viewerKey()).json();
        assertEquals(500, rows.size());
        boolean quoted = false;
        for (JsonNode r : rows) {
            quoted |= r.get("street").asText().equals("Queen's Drive, East");
        }
        assertTrue(quoted, "quoted CSV cells come back unquoted");
    }

    @Test
    void urql_otherMethodsThanGetAre405_beforeTheQueryIsRead() {
        assertEquals("MethodNotAllowed", TestHttp.postTo(urql(CAR_API, "lt(no2"), sb().viewerKey(), "{}").error(405));
    }

    @Test
    void urql_unknownContainerIs404() {
        assertEquals("NotFound", TestHttp.get(urql("nope", ""), null).error(404));
    }

    @Test
    void urql_revisionNumberAndUnknownRevision() {
        String base = sb().baseUrl() + "/org/" + sb().org() + "/" + AIR_API;
        assertEquals(3, TestHttp.get(base + "/1/urql?limit(3)", null).json().size());
        assertEquals("NotFound", TestHttp.get(base + "/7/urql", null).error(404));
    }

    @Test
    void urql_notYetProcessedIs404() {
        JsonNode c = TestHttp.ok(sb(), "resourceContainer:create", sb().providerKey(),
                "{\"datasetGUID\":\"114f8ea9-b5fa-45dd-af46-f9313dd31762\",\"pipelineId\":\"csv-to-download\"}");
        TestHttp.Resp r = TestHttp.get(urql(c.get("resourceContainerGUID").asText(), ""), null);
        assertEquals("NotFound", r.error(404));
        assertTrue(r.body().contains("not yet processed"));
    }
}

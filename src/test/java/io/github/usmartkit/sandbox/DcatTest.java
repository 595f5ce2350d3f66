package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static io.github.usmartkit.sandbox.DemoGuids.AIR_FILE;
import static io.github.usmartkit.sandbox.DemoGuids.BINS;
import static io.github.usmartkit.sandbox.DemoGuids.CHARGERS;
import static io.github.usmartkit.sandbox.DemoGuids.LIGHTING;
import static io.github.usmartkit.sandbox.DemoGuids.PLAYGROUND;
import static io.github.usmartkit.sandbox.DemoGuids.RECYCLING;
import static io.github.usmartkit.sandbox.DemoGuids.RECYCLING_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalogue in the shape real uSmart organisations publish (Project Open Data v1.1, as the
 * catalogues captured from uSmart in OpenDataScotland/the_od_bods show), public and private.
 */
class DcatTest {
    /** Every key of a dataset in the real catalogues, in their order. */
    static final List<String> DATASET_KEYS = List.of("@type", "accessLevel", "boundingBoxEast", "boundingBoxNorth", "boundingBoxSouth",
            "boundingBoxWest", "conformsTo", "contactPoint", "coverageArea", "createdAt", "description", "distribution", "identifier",
            "issued", "issueDate", "landingPage", "language", "lastModificationDate", "licence", "lineage", "modified", "notes",
            "publisher", "spatialReferenceSystem", "spatialResolution", "status", "targetDate", "temporalCoverageEnd",
            "temporalCoverageStart", "temporalNotes", "title", "accrualPeriodicity", "verticalExtent", "keyword", "theme");

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(10)));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    static String url(String which) {
        return sb().baseUrl() + "/org/" + sb().org() + "/dcat/" + which;
    }

    static JsonNode catalogue(String which, ApiKey key) {
        TestHttp.Resp r = TestHttp.get(url(which), key);
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return r.json();
    }

    /** The datasets by the GUID their identifier names. */
    static Map<String, JsonNode> byGuid(JsonNode catalogue) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode d : catalogue.get("dataset")) {
            String id = d.get("identifier").asText();
            out.put(id.substring(id.indexOf("datasetGUID=") + "datasetGUID=".length()), d);
        }
        return out;
    }

    @Test
    void dataJson_isAProjectOpenDataCatalogue() {
        JsonNode c = catalogue("data.json", null);
        assertEquals(List.of("@context", "@id", "@type", "title", "description", "conformsTo", "describedBy", "dataset"), ReadApiTest.keys(c));
        assertEquals("https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld", c.get("@context").asText());
        assertEquals(url("data.json"), c.get("@id").asText());
        assertEquals("dcat:Catalog", c.get("@type").asText());
        assertEquals("https://project-open-data.cio.gov/v1.1/schema", c.get("conformsTo").asText());
        assertEquals("Demo City Council Catalog", c.get("title").asText());
    }

    @Test
    void datasets_haveTheRealKeys_noId_andTheGuidInTheIdentifier() {
        for (JsonNode d : catalogue("data.json", null).get("dataset")) {
            assertEquals(DATASET_KEYS, ReadApiTest.keys(d), d.get("title").asText());
            assertEquals("dcat:Dataset", d.get("@type").asText());
            String id = d.get("identifier").asText();
            assertTrue(id.startsWith(sb().baseUrl() + "/org/" + sb().org() + "/dataset:viewDiscovery?datasetGUID="), id);
            String guid = id.substring(id.indexOf('=') + 1);
            assertTrue(d.get("landingPage").asText().endsWith("/discovery/discovery-view-detail/" + guid), d.get("landingPage").asText());
            for (String k : List.of("boundingBoxEast", "coverageArea", "issueDate", "lineage", "notes", "targetDate", "verticalExtent")) {
                assertTrue(d.get(k).isNull(), k);
            }
            assertEquals("org:Organization", d.get("publisher").get("@type").asText());
            assertTrue(d.get("publisher").get("name").asText().startsWith(sb().baseUrl() + "/org/"));
            assertEquals(List.of("@type", "fn", "email"), ReadApiTest.keys(d.get("contactPoint")));
            assertEquals("vcard:Contact", d.get("contactPoint").get("@type").asText());
            assertTrue(d.get("keyword").isArray() && d.get("theme").isArray());
            assertEquals("public", d.get("accessLevel").asText());
            for (JsonNode dist : d.get("distribution")) {
                assertEquals(List.of("@type", "accessURL", "mediaType", "title"), ReadApiTest.keys(dist), "no downloadURL, format or byteSize");
            }
        }
    }

    @Test
    void aPublishedDataset_listsItsApiAtTheCurrentRevision_andItsFile() {
        JsonNode air = byGuid(catalogue("data.json", null)).get(AIR);
        assertEquals("Published", air.get("status").asText());
        assertEquals("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", air.get("licence").asText());
        assertEquals("Air quality readings", air.get("title").asText());
        assertEquals("opendata@demo-city.example", air.get("contactPoint").get("email").asText());
        JsonNode dists = air.get("distribution");
        assertEquals(2, dists.size(), "the API; the download pipeline publishes no API; the file: " + dists);
        JsonNode api = dists.get(0);
        assertEquals("API", api.get("title").asText());
        assertEquals("application/json", api.get("mediaType").asText());
        assertEquals(sb().baseUrl() + "/org/" + sb().org() + "/" + AIR_API + "/1/urql", api.get("accessURL").asText());
        JsonNode file = dists.get(1);
        assertEquals("air-quality-2026.csv", file.get("title").asText());
        assertEquals("text/csv", file.get("mediaType").asText());
        assertEquals(sb().baseUrl() + "/org/" + sb().org() + "/resource?resourceGUID=" + AIR_FILE, file.get("accessURL").asText());
        assertEquals(200, TestHttp.get(api.get("accessURL").asText() + "?limit(1)", null).status(), "the API it names answers");
        assertEquals(200, TestHttp.get(file.get("accessURL").asText(), null).status(), "the download it names answers");
    }

    @Test
    void requestedAndPlannedDatasets_andANonMimeMediaType_areListed() {
        Map<String, JsonNode> ds = byGuid(catalogue("data.json", null));
        assertEquals("Request", ds.get(LIGHTING).get("status").asText());
        assertEquals("Planned", ds.get(CHARGERS).get("status").asText());
        assertEquals(0, ds.get(LIGHTING).get("distribution").size());
        assertEquals(0, ds.get(CHARGERS).get("distribution").size());
        JsonNode geo = ds.get(RECYCLING).get("distribution");
        assertEquals(1, geo.size());
        assertEquals("GEOJSON", geo.get(0).get("mediaType").asText(), "as real catalogues list GeoJSON files");
        assertEquals("recycling-points.geojson", geo.get(0).get("title").asText());
        assertTrue(geo.get(0).get("accessURL").asText().endsWith("resourceGUID=" + RECYCLING_FILE));
    }

    @Test
    void public_isDataJson_withoutPrivateDatasets_private_needsAMembersKey() {
        JsonNode pub = catalogue("public", null);
        assertEquals(catalogue("data.json", null).get("dataset"), pub.get("dataset"));
        assertEquals(6, pub.get("dataset").size());
        assertFalse(byGuid(pub).containsKey(BINS));
        assertEquals("Unauthorized", TestHttp.get(url("private"), null).error(401));
        assertEquals("Forbidden", TestHttp.get(url("private"), sb().otherOrgKey()).error(403));
        JsonNode all = catalogue("private", sb().viewerKey());
        assertEquals(url("private"), all.get("@id").asText());
        Map<String, JsonNode> ds = byGuid(all);
        assertEquals(7, ds.size());
        assertEquals("non-public", ds.get(BINS).get("accessLevel").asText());
        assertEquals("NotFound", TestHttp.get(url("secret"), null).error(404));
        assertEquals("MethodNotAllowed", TestHttp.postTo(url("data.json"), null, "{}").error(405));
    }

    @Test
    void theApiUrl_followsEachNewRevision_andNewFilesAppear() {
        JsonNode f = TestHttp.createFile(sb(), PLAYGROUND, "trees.csv", "species,height\noak,12\n".getBytes(StandardCharsets.UTF_8));
        JsonNode c = TestHttp.ok(sb(), "resourceContainer:create", sb().providerKey(), "{\"datasetGUID\":\"" + PLAYGROUND
                + "\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"" + f.get("fileGUID").asText() + "\"}");
        String rc = c.get("resourceContainerGUID").asText();
        assertEquals(List.of("file trees.csv"), distributions(PLAYGROUND), "not yet processed: no API");
        UrqlFixture.process(sb(), rc);
        UrqlFixture.process(sb(), rc);
        String api = sb().baseUrl() + "/org/" + sb().org() + "/" + rc + "/2/urql";
        assertEquals(List.of("API " + api, "file trees.csv"), distributions(PLAYGROUND));
    }

    private static List<String> distributions(String dataset) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : byGuid(catalogue("data.json", null)).get(dataset).get("distribution")) {
            out.add(d.get("title").asText().equals("API") ? "API " + d.get("accessURL").asText() : "file " + d.get("title").asText());
        }
        return out;
    }
}

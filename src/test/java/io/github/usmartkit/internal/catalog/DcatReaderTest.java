package io.github.usmartkit.internal.catalog;

import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.catalog.CatalogDataset;
import io.github.usmartkit.catalog.Distribution;
import io.github.usmartkit.error.ServiceException;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DCAT reader on documents written for each case: the real shape (Project Open Data v1.1
 * {@code data.json} as uSmart serves it) and each variant it tolerates.
 */
class DcatReaderTest {

    private static Catalog load(String name) throws IOException {
        try (InputStream in = DcatReaderTest.class.getResourceAsStream(name)) {
            return DcatReader.read(in);
        }
    }

    // ---- the real shape

    @Test
    void pod_datasetsStatusContactAndBothKindsOfDistribution() throws IOException {
        Catalog c = load("pod-small-council.json");
        assertEquals("Small Council Open Data Catalog", c.title());
        assertEquals("d1b773fa-0000-4000-8000-000000000001", c.org());
        assertEquals(3, c.datasets().size());

        CatalogDataset traffic = c.datasets().get(0);
        assertEquals("aa000000-0000-4000-8000-000000000001", traffic.guid(), "from identifier's datasetGUID=");
        assertEquals("Traffic counts", traffic.title());
        assertEquals("Published", traffic.status());
        assertEquals("public", traffic.accessLevel());
        assertEquals("Roads Team", traffic.contactName());
        assertEquals("roads@small-council.example", traffic.contactEmail());
        assertEquals("https://usmart.io/org/smallcouncil", traffic.publisher());
        assertEquals("smallcouncil", traffic.publisherName());
        assertEquals("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", traffic.licence());
        assertEquals("Continous", traffic.accrualPeriodicity());
        assertEquals(List.of("traffic", "sensors", "roads"), traffic.keywords());
        assertEquals(List.of("Transport / Mobility"), traffic.themes());
        assertEquals("2022-02-01T10:00:00.000Z", traffic.modified());
        Distribution api = traffic.apis().get(0);
        assertEquals(Distribution.Kind.API, api.kind());
        assertEquals("0c5e1f1a-1111-4a4a-9b9b-0000000000a1", api.resourceContainerGuid());
        assertEquals("7", api.revision());
        Distribution file = traffic.files().get(0);
        assertEquals("0c5e1f1a-2222-4a4a-9b9b-0000000000f1", file.fileGuid());
        assertEquals("traffic-counts-2021.csv", file.title());
        assertNull(file.resourceContainerGuid());

        CatalogDataset toilets = c.datasets().get(1);
        assertEquals("Request", toilets.status());
        assertTrue(toilets.distributions().isEmpty());
        assertTrue(toilets.keywords().isEmpty(), "a dataset without keyword");

        CatalogDataset wards = c.datasets().get(2);
        assertEquals(1, wards.files().size());
        assertEquals("GEOJSON", wards.files().get(0).mediaType(), "a media type that is a word");
        assertEquals(Distribution.Kind.OTHER, wards.distributions().get(1).kind(), "additional documentation is neither API nor file");
    }

    @Test
    void pod_table_oneRowPerDatasetWithCounts() throws IOException {
        Table t = load("pod-small-council.json").table();
        assertEquals(List.of("guid", "title", "status", "accessLevel", "modified", "issued", "keywords", "themes", "licence",
                "publisher", "contact", "email", "apis", "files", "landingPage"), t.columnNames());
        assertEquals(List.of("aa000000-0000-4000-8000-000000000001", "aa000000-0000-4000-8000-000000000002",
                "aa000000-0000-4000-8000-000000000003"), t.stringColumn("guid").asList());
        assertEquals(List.of("Published", "Request", "Published"), t.stringColumn("status").asList());
        assertEquals(List.of(1, 0, 0), t.intColumn("apis").asList());
        assertEquals(List.of(1, 0, 1), t.intColumn("files").asList());
        assertEquals("traffic, sensors, roads", t.stringColumn("keywords").get(0));
        assertEquals(List.of("smallcouncil", "smallcouncil", "smallcouncil"), t.stringColumn("publisher").asList());
        assertEquals("Small Council Open Data Catalog", t.name());
    }

    @Test
    void pod_guidFromTheLandingPage_whenNoIdentifier_andSeveralApis() throws IOException {
        Catalog c = load("pod-two-apis.json");
        CatalogDataset tides = c.datasets().get(0);
        assertEquals("bb000000-0000-4000-8000-000000000001", tides.guid());
        assertEquals(List.of("3", "16"), tides.apis().stream().map(Distribution::revision).toList());
        assertEquals(2, tides.files().size());
        assertEquals(List.of("Environment", "Transport / Mobility"), tides.themes());
        assertEquals("Environment, Transport / Mobility", c.table().stringColumn("themes").get(0));
    }

    // ---- each tolerated variant

    @Test
    void bareKeys() throws IOException {
        Catalog c = load("bare.json");
        assertEquals("Bare keys", c.title());
        assertEquals("Bare Council", c.publisher());
        CatalogDataset d = c.datasets().get(0);
        assertEquals("bare-1", d.guid(), "a plain identifier is the GUID");
        assertEquals("CC-BY-4.0", d.licence(), "license, American spelling");
        assertEquals("Desk", d.contactName());
        assertEquals("desk@example.org", d.contactEmail(), "mailto: dropped");
        assertEquals(Distribution.Kind.FILE, d.distributions().get(0).kind());
        assertEquals(12L, d.distributions().get(0).byteSize());
    }

    @Test
    void prefixedKeys() throws IOException {
        Catalog c = load("prefixed.jsonld");
        assertEquals("Demo City Council", c.title());
        assertEquals("Demo City Council", c.publisher());
        assertEquals(2, c.datasets().size());
        CatalogDataset air = c.dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762").orElseThrow();
        assertEquals("Air quality readings", air.title());
        assertEquals(List.of("air", "pollution"), air.keywords());
        assertEquals("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", air.licence());
        assertEquals(2, air.distributions().size());
        assertEquals(123456L, air.distributions().get(1).byteSize());
        assertEquals("CSV", air.distributions().get(1).format());
        CatalogDataset playground = c.datasets().get(1);
        assertEquals("6acb8f8c-7bd3-46a0-9633-f271c8d17ed2", playground.guid(), "GUID from the @id when no identifier");
        assertEquals(List.of("sandbox"), playground.keywords(), "a single value where an array is expected");
    }

    @Test
    void fullIris_valueObjectsAndTypeArrays() throws IOException {
        Catalog c = load("iris.jsonld");
        assertEquals("Catalogue in IRIs", c.title());
        assertEquals(1, c.datasets().size(), "a single dataset object where an array is expected");
        CatalogDataset d = c.datasets().get(0);
        assertEquals("ds-1", d.identifier());
        assertEquals("Title", d.title(), "English preferred among language-tagged values");
        assertEquals(List.of("k1", "k2"), d.keywords());
        assertEquals("2026-02-01", d.modified());
        assertEquals("https://example.org/ds/1/page", d.landingPage());
        assertEquals("https://example.org/ds/1.csv", d.distributions().get(0).downloadUrl());
        assertEquals(42L, d.distributions().get(0).byteSize());
    }

    @Test
    void graph_withIdReferences() throws IOException {
        Catalog c = load("graph.jsonld");
        assertEquals("Graph catalogue", c.title());
        assertEquals("Graph Council", c.publisher());
        assertEquals(List.of("First", "Second"), c.datasets().stream().map(CatalogDataset::title).toList());
        CatalogDataset first = c.datasets().get(0);
        assertEquals("Graph Council", first.publisher());
        assertEquals("Data Team", first.contactName());
        assertEquals("data@example.org", first.contactEmail());
        assertEquals("https://api.example.org/1", first.distributions().get(0).accessUrl());
        assertEquals(List.of("solo"), first.keywords());
        assertEquals("text/csv", c.datasets().get(1).distributions().get(0).mediaType());
    }

    @Test
    void singleValuesWhereArraysAreExpected() throws IOException {
        Catalog c = load("single-values.json");
        assertEquals("Singles", c.title(), "an array where one value is expected");
        CatalogDataset d = c.datasets().get(0);
        assertEquals(List.of("lonely"), d.keywords());
        assertEquals(List.of("Solo"), d.themes());
        assertEquals("Listed once", d.contactName());
        assertEquals(Distribution.Kind.API, d.distributions().get(0).kind());
        assertEquals("cc000000-0000-4000-8000-0000000000a1", d.distributions().get(0).resourceContainerGuid());
        assertEquals("latest", d.distributions().get(0).revision());
    }

    @Test
    void valueAndIdObjects() throws IOException {
        CatalogDataset d = load("value-objects.jsonld").datasets().get(0);
        assertEquals("v-1", d.guid());
        assertEquals("Wrapped", d.title());
        assertEquals(List.of("x", "y"), d.keywords());
        assertEquals("https://example.org/v-1", d.landingPage());
        assertEquals("https://example.org/org/publisher", d.publisher(), "an agent known only by its @id");
        assertEquals("https://example.org/licence", d.licence());
        assertEquals("2026-03-03", d.modified());
        assertEquals("application/json", d.distributions().get(0).mediaType());
    }

    @Test
    void nullAnywhere_isAbsent() throws IOException {
        Catalog c = load("nulls.json");
        assertNull(c.title());
        assertNull(c.publisher());
        assertEquals(2, c.datasets().size(), "a null dataset is skipped");
        CatalogDataset d = c.datasets().get(0);
        assertEquals("Nulls everywhere", d.title());
        assertEquals(List.of("kept"), d.keywords());
        assertTrue(d.themes().isEmpty());
        assertNull(d.status());
        assertNull(d.contactName());
        assertNull(d.contactEmail());
        assertNull(d.publisher());
        assertNull(d.guid());
        assertEquals(1, d.distributions().size(), "a null distribution is skipped");
        assertEquals(Distribution.Kind.OTHER, d.distributions().get(0).kind());
        CatalogDataset second = c.datasets().get(1);
        assertEquals("n-2", second.guid());
        assertTrue(second.keywords().isEmpty() && second.distributions().isEmpty());
        Table t = c.table();
        assertEquals(2, t.rowCount());
        assertTrue(t.stringColumn("guid").isMissing(0));
    }

    @Test
    void missingOptionalFields() throws IOException {
        Catalog c = load("minimal.jsonld");
        assertNull(c.title());
        assertEquals(2, c.datasets().size());
        assertEquals("only-an-id", c.datasets().get(0).guid());
        assertNull(c.datasets().get(0).title());
        assertTrue(c.datasets().get(0).distributions().isEmpty());
        assertEquals("No id at all", c.datasets().get(1).title());
        assertTrue(c.toText().contains("No id at all"));
    }

    @Test
    void topLevelArrayOfDatasetsWithoutCatalog() throws IOException {
        Catalog c = load("datasets-only.jsonld");
        assertEquals(1, c.datasets().size());
        assertEquals("Loose dataset", c.datasets().get(0).title());
        assertTrue(c.datasets().get(0).keywords().isEmpty());
    }

    @Test
    void datasetsListedOnlyByTheirIri_areListedWithThatId_notReadAsNone() throws IOException {
        String guid = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
        Catalog c = DcatReader.read("{\"@type\": \"dcat:Catalog\", \"title\": \"By reference\", \"dataset\": ["
                + "\"https://data.example.org/dataset/" + guid + "\", {\"@id\": \"https://data.example.org/dataset/other\"}]}");
        assertEquals(List.of("https://data.example.org/dataset/" + guid, "https://data.example.org/dataset/other"),
                c.datasets().stream().map(CatalogDataset::id).toList());
        assertEquals(guid, c.datasets().get(0).guid(), "the GUID from the IRI's last segment");
        assertNull(c.datasets().get(0).title());
        assertEquals(2, c.table().rowCount());
    }

    @Test
    void describedDatasetsAndBareReferences_keepTheCataloguesOrder() throws IOException {
        Catalog c = DcatReader.read("{\"@context\": {}, \"@graph\": ["
                + "{\"@id\": \"urn:cat\", \"@type\": \"dcat:Catalog\", \"dcat:dataset\": [\"urn:a\", \"urn:elsewhere\", {\"@id\": \"urn:b\"}]},"
                + "{\"@id\": \"urn:a\", \"@type\": \"dcat:Dataset\", \"dct:title\": \"A\"},"
                + "{\"@id\": \"urn:b\", \"@type\": \"dcat:Dataset\", \"dct:title\": \"B\"}]}");
        assertEquals(List.of("urn:a", "urn:elsewhere", "urn:b"), c.datasets().stream().map(CatalogDataset::id).toList());
        assertEquals(java.util.Arrays.asList("A", null, "B"), c.datasets().stream().map(CatalogDataset::title).toList());
    }

    // ---- refusals

    @Test
    void refusesHtml_quotingIt() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> DcatReader.read("<html><body><h1>Login required</h1></body></html>"));
        assertEquals("dcat", e.action());
        assertEquals(200, e.status());
        assertTrue(e.serviceMessage().orElse("").contains("Login required"), e.getMessage());
        assertFalse(e.whatToDo().isBlank());
        ServiceException streamed = assertThrows(ServiceException.class,
                () -> DcatReader.read(new ByteArrayInputStream("<html>Login required</html>".getBytes(StandardCharsets.UTF_8))));
        assertTrue(streamed.serviceMessage().orElse("").contains("Login required"), streamed.getMessage());
    }

    @Test
    void refusesJsonWithoutCatalogue() {
        ServiceException e = assertThrows(ServiceException.class, () -> DcatReader.read("{\"hello\": 1}"));
        assertEquals("dcat", e.action());
        assertTrue(e.serviceMessage().orElse("").contains("hello"), e.getMessage());
    }

    @Test
    void toHtml_capsRowsWithMoreRowsLine() {
        StringBuilder sb = new StringBuilder("{\"@type\":\"Catalog\",\"dataset\":[");
        for (int i = 0; i < 30; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"identifier\":\"d").append(i).append("\",\"title\":\"<T").append(i).append(">\"}");
        }
        Catalog c = DcatReader.read(sb.append("]}").toString());
        String html = c.toHtml();
        assertTrue(html.contains("20 more rows"), html);
        assertTrue(html.contains("&lt;T0&gt;"), "escaped");
        assertTrue(c.toText().contains("20 more rows"));
    }
}

package io.github.usmartkit.internal.catalog;

import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.catalog.CatalogDataset;

import io.github.usmartkit.error.ServiceException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DcatReaderTest {

    private static Catalog load(String name) throws IOException {
        try (InputStream in = DcatReaderTest.class.getResourceAsStream(name)) {
            return DcatReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void read_prefixedKeysWithEmbeddedObjects() throws IOException {
        Catalog c = load("prefixed.jsonld");
        assertEquals("Demo City Council", c.title());
        assertEquals("Demo City Council", c.publisher());
        assertEquals(2, c.datasets().size());
        CatalogDataset air = c.dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762").orElseThrow();
        assertEquals("Air quality readings", air.title());
        assertEquals(List.of("air", "pollution"), air.keywords());
        assertEquals("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", air.license());
        assertEquals(2, air.distributions().size());
        assertEquals(123456L, air.distributions().get(1).byteSize());
        assertEquals("CSV", air.distributions().get(1).format());
        CatalogDataset playground = c.datasets().get(1);
        assertEquals("6acb8f8c-7bd3-46a0-9633-f271c8d17ed2", playground.guid(), "GUID from the @id when no identifier");
        assertEquals(List.of("sandbox"), playground.keywords(), "a single value where an array is expected");
        assertEquals(2, c.table().rowCount());
    }

    @Test
    void read_fullIrisValueObjectsAndTypeArrays() throws IOException {
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
    void read_flattenedGraphWithIdReferences() throws IOException {
        Catalog c = load("graph.jsonld");
        assertEquals("Graph catalogue", c.title());
        assertEquals("Graph Council", c.publisher());
        assertEquals(List.of("First", "Second"), c.datasets().stream().map(CatalogDataset::title).toList());
        CatalogDataset first = c.datasets().get(0);
        assertEquals("Graph Council", first.publisher());
        assertEquals("Data Team", first.contactPoint());
        assertEquals("https://api.example.org/1", first.distributions().get(0).accessUrl());
        assertEquals(List.of("solo"), first.keywords());
        assertEquals("text/csv", c.datasets().get(1).distributions().get(0).mediaType());
    }

    @Test
    void read_toleratesMissingOptionalFields() throws IOException {
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
    void read_topLevelArrayOfDatasetsWithoutCatalog() throws IOException {
        Catalog c = load("datasets-only.jsonld");
        assertEquals(1, c.datasets().size());
        assertEquals("Loose dataset", c.datasets().get(0).title());
        assertTrue(c.datasets().get(0).keywords().isEmpty());
    }

    @Test
    void read_refusesHtmlWithExcerpt() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> DcatReader.read("<html><body><h1>Login required</h1></body></html>"));
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("Login required"), e.getMessage());
    }

    @Test
    void read_refusesJsonWithoutCatalogue() {
        ServiceException e = assertThrows(ServiceException.class, () -> DcatReader.read("{\"hello\": 1}"));
        assertTrue(e.getMessage().contains("no catalogue"), e.getMessage());
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

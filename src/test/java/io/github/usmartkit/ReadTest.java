package io.github.usmartkit;

import com.sun.net.httpserver.HttpServer;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.catalog.CatalogDataset;
import io.github.usmartkit.catalog.Distribution;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.BIN;
import static io.github.usmartkit.Sandboxes.BIN_API;
import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_API;
import static io.github.usmartkit.Sandboxes.MISSING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read API and the DCAT catalogue against the sandbox. */
class ReadTest {

    static Sandbox sandbox;
    static USmart usmart;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start();
        usmart = Sandboxes.connect(sandbox, sandbox.viewerKey());
    }

    @AfterAll
    static void stop() {
        usmart.close();
        sandbox.close();
    }

    @Test
    void rows_defaultsToFirst100AsTypedTable() {
        Table t = usmart.rows(AIR_API);
        assertEquals(100, t.rowCount());
        assertTrue(t.columnNames().containsAll(java.util.List.of("usmart_id", "timestamp", "site", "no2")));
        assertEquals(tech.tablesaw.api.ColumnType.DOUBLE, t.column("no2").type());
    }

    @Test
    void rows_allWithLimitMinusOne() {
        assertEquals(2000, usmart.rows(AIR_API, -1).rowCount());
        assertEquals(1500, usmart.read(CAR_API).all().table().rowCount());
    }

    @Test
    void read_limitAndOffsetPage() {
        Table page = usmart.read(CAR_API).limit(10).offset(20).table();
        assertEquals(10, page.rowCount());
        assertEquals(usmart.read(CAR_API).limit(30).table().stringColumn("usmart_id").get(20), page.stringColumn("usmart_id").get(0),
                "the row after the first 20");
    }

    @Test
    void read_whereFiltersByColumn() {
        Table t = usmart.read(AIR_API).where("site", "North Park").all().table();
        assertEquals(500, t.rowCount());
        assertTrue(t.stringColumn("site").asSet().equals(java.util.Set.of("North Park")));
    }

    @Test
    void read_csvFormat() {
        String csv = usmart.read(CAR_API).limit(3).csv();
        assertTrue(csv.startsWith("usmart_id") || csv.contains("car_park"), csv);
        assertTrue(csv.lines().count() >= 4, csv);
    }

    @Test
    void read_privateDatasetWithMemberKeys() {
        assertEquals(100, usmart.rows(BIN_API).rowCount());
    }

    @Test
    void read_unknownContainerIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> usmart.rows(MISSING));
        QueryBuilderTest.assertFailure(e, "urql", MISSING, 404);
    }

    @Test
    void read_unknownFilterColumnMatchesNothing() {
        assertEquals(0, usmart.read(AIR_API).where("nope", 1).table().rowCount(), "as a search engine's filter would");
    }

    @Test
    void read_pagingBeyond10000IsBadRequestSayingUseAll() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.read(AIR_API).limit(100).offset(9950).table());
        QueryBuilderTest.assertFailure(e, "urql", AIR_API, 400);
    }

    @Test
    void read_refusesBadArguments() {
        assertThrows(BadRequestException.class, () -> usmart.read("a/b"));
        assertThrows(BadRequestException.class, () -> usmart.read(AIR_API).limit(0));
        assertThrows(BadRequestException.class, () -> usmart.read(AIR_API).offset(-1));
        assertThrows(BadRequestException.class, () -> usmart.read(AIR_API).revision("newest"));
    }

    @Test
    void read_revisionNumber() {
        assertEquals(5, usmart.read(CAR_API).revision("1").limit(5).table().rowCount());
    }

    @Test
    void rows_ofADataset_readItsOnePipeline_orSayWhichToPick() {
        Table cars = usmart.dataset(CAR).rows();
        assertEquals(100, cars.rowCount());
        assertEquals(usmart.rows(CAR_API).stringColumn("usmart_id").asList(), cars.stringColumn("usmart_id").asList());
        assertEquals(usmart.rows(AIR_API).stringColumn("usmart_id").asList(), usmart.dataset(AIR).rows(AIR_API).stringColumn("usmart_id").asList(),
                "dataset(ds).rows(rc) is a table like rows(rc)");
        assertEquals(7, usmart.dataset(CAR).read().where(io.github.usmartkit.read.Urql.eq("car_park", "Greenside")).limit(7).table().rowCount());

        BadRequestException two = assertThrows(BadRequestException.class, () -> usmart.dataset(AIR).rows());
        QueryBuilderTest.assertFailure(two, "urql", AIR, 0);
        assertTrue(two.what().contains(AIR_API) && two.what().contains(Sandboxes.AIR_DOWNLOAD), "lists both pipelines: " + two.what());
        BadRequestException none = assertThrows(BadRequestException.class, () -> usmart.dataset(Sandboxes.RECYCLING).read());
        QueryBuilderTest.assertFailure(none, "urql", Sandboxes.RECYCLING, 0);
    }

    @Test
    void catalog_isATableOfEveryDataset() {
        Table t = usmart.catalog();
        assertEquals(List.of("guid", "title", "status", "accessLevel", "modified", "issued", "keywords", "themes", "licence",
                "publisher", "contact", "email", "apis", "files", "landingPage"), t.columnNames());
        assertEquals(7, t.rowCount());
        Row air = rowOf(t, AIR);
        assertEquals("Air quality readings", air.getString("title"));
        assertEquals("Published", air.getString("status"));
        assertEquals("public", air.getString("accessLevel"));
        assertEquals(1, air.getInt("apis"), "the API pipeline (a download pipeline publishes no API)");
        assertEquals(1, air.getInt("files"));
        assertTrue(air.getString("keywords").contains("pollution"), air.getString("keywords"));
        assertEquals("Environment", air.getString("themes"));
        assertTrue(air.getString("licence").startsWith("http://www.nationalarchives.gov.uk/doc/open-government-licence"));
        assertFalse(air.getString("publisher").contains("/"), "a name, not the organisation's URL: " + air.getString("publisher"));
        assertFalse(air.getString("contact").isEmpty());
        assertTrue(air.getString("email").contains("@"), air.getString("email"));
        assertTrue(air.getString("landingPage").endsWith("/" + AIR), air.getString("landingPage"));
        assertTrue(air.getString("modified").matches("\\d{4}-\\d{2}-\\d{2}T.*"), air.getString("modified"));

        assertEquals("non-public", rowOf(t, BIN).getString("accessLevel"));
        Row requested = rowOf(t, Sandboxes.STREET_LIGHTS);
        assertEquals("Request", requested.getString("status"));
        assertEquals(0, requested.getInt("apis") + requested.getInt("files"));
        assertEquals("Planned", rowOf(t, Sandboxes.EV_CHARGERS).getString("status"));
        Row recycling = rowOf(t, Sandboxes.RECYCLING);
        assertEquals(0, recycling.getInt("apis"));
        assertEquals(1, recycling.getInt("files"));
    }

    private static Row rowOf(Table t, String guid) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (guid.equals(t.stringColumn("guid").get(i))) {
                return t.row(i);
            }
        }
        throw new AssertionError("no dataset " + guid + " in " + t.stringColumn("guid").asList());
    }

    @Test
    void catalog_publicListsPublicDatasetsOnly() {
        Table t = usmart.catalog(USmart.Visibility.PUBLIC);
        assertEquals(6, t.rowCount());
        assertTrue(t.stringColumn("guid").contains(AIR));
        assertFalse(t.stringColumn("guid").contains(BIN));
        assertEquals(Set.of("public"), t.stringColumn("accessLevel").asSet());
    }

    @Test
    void dcat_keepsTheParsedCatalogue() {
        Catalog c = usmart.dcat();
        assertEquals(7, c.datasets().size());
        assertEquals(sandbox.org(), c.org());
        CatalogDataset air = c.dataset(AIR).orElseThrow();
        assertEquals(AIR_API, air.apis().get(0).resourceContainerGuid(), "from the API's URL to read(rc)");
        assertEquals("1", air.apis().get(0).revision());
        assertEquals(Sandboxes.AIR_FILE, air.files().get(0).fileGuid());
        assertEquals(Distribution.Kind.FILE, air.files().get(0).kind());
        assertEquals("text/csv", air.files().get(0).mediaType());
        assertEquals("GEOJSON", c.dataset(Sandboxes.RECYCLING).orElseThrow().files().get(0).mediaType());
        assertTrue(c.json().path("dataset").isArray(), "the document stays reachable");
        assertTrue(c.id().contains("/org/" + sandbox.org() + "/dcat/private"), c.id());
        assertEquals(sandbox.org(), io.github.usmartkit.internal.config.SettingsResolver.orgFromDcatUrl(usmart.dcat(USmart.Visibility.PUBLIC).id()));
        assertEquals(c.table().stringColumn("guid").asList(), usmart.catalog().stringColumn("guid").asList());
        assertTrue(c.toText().contains(AIR.substring(0, 8) + "…  Air quality"), "displayed with GUIDs shortened: " + c.toText());
    }

    @Test
    void dataset_ofACatalogueRow_isThatDataset() {
        Table t = usmart.catalog();
        Row car = rowOf(t, CAR);
        Dataset d = usmart.dataset(car);
        assertEquals(CAR, d.guid());
        assertEquals("Car park occupancy", d.view().title());
        assertEquals(CAR, usmart.dataset(t.where(t.stringColumn("title").isEqualTo("Car park occupancy")).row(0)).guid());

        Table files = usmart.dataset(AIR).files();
        BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.dataset(files.row(0)));
        QueryBuilderTest.assertFailure(e, "dataset", null, 0);
        assertThrows(BadRequestException.class, () -> usmart.dataset((Row) null));
    }

    @Test
    void catalog_ofAUrl_readsAnyCatalogue_ownHostWithKeys() {
        String base = sandbox.baseUrl() + "/org/" + sandbox.org() + "/dcat/";
        assertEquals(6, usmart.catalog(base + "data.json").rowCount());
        assertEquals(7, usmart.catalog(base + "private").rowCount(), "the session's own host gets the keys");
        assertEquals(6, usmart.catalog(sandbox.org()).rowCount(), "an organisation GUID means its data.json on the base URL");
        QueryBuilderTest.assertFailure(assertThrows(BadRequestException.class, () -> usmart.catalog("ftp://example.org/x")), "dcat", null, 0);
        QueryBuilderTest.assertFailure(assertThrows(BadRequestException.class, () -> usmart.catalog("https://u:p@example.org/x")), "dcat", null, 0);
    }

    @Test
    void catalog_ofAnotherServer_getsNoKey() throws Exception {
        List<Map<String, List<String>>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body;
        try (InputStream in = ReadTest.class.getResourceAsStream("/io/github/usmartkit/internal/catalog/pod-small-council.json")) {
            body = in.readAllBytes();
        }
        other.createContext("/", ex -> {
            seen.add(Map.copyOf(ex.getRequestHeaders()));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort() + "/org/d1b773fa-0000-4000-8000-000000000001/dcat/data.json";
            Table t = usmart.catalog(url);
            assertEquals(3, t.rowCount());
            assertEquals(1, seen.size());
            for (String h : seen.get(0).keySet()) {
                assertFalse(h.toLowerCase(java.util.Locale.ROOT).startsWith("api-key"), "no key header to another origin: " + h);
            }
            assertFalse(seen.get(0).toString().contains(sandbox.viewerKey().secret()), "the secret went nowhere");
        } finally {
            other.stop(0);
        }
    }
}

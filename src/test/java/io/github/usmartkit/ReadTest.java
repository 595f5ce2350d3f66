package io.github.usmartkit;

import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.catalog.CatalogDataset;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.BIN;
import static io.github.usmartkit.Sandboxes.BIN_API;
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
        assertTrue(e.getMessage().contains("urql on " + MISSING), e.getMessage());
    }

    @Test
    void read_unknownFilterColumnMatchesNothing() {
        assertEquals(0, usmart.read(AIR_API).where("nope", 1).table().rowCount(), "as a search engine's filter would");
    }

    @Test
    void read_pagingBeyond10000IsBadRequestSayingUseAll() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> usmart.read(AIR_API).limit(100).offset(9950).table());
        assertTrue(e.getMessage().contains("limit(-1)"), e.getMessage());
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
    void catalog_publicListsPublicDatasetsOnly() {
        Catalog c = usmart.catalog(USmart.Visibility.PUBLIC);
        assertEquals(6, c.datasets().size());
        assertTrue(c.dataset(AIR).isPresent());
        assertFalse(c.dataset(BIN).isPresent());
        assertTrue(c.id().contains("/org/" + sandbox.org() + "/dcat/public"), c.id());
    }

    @Test
    void catalog_privateListsEveryDatasetWithDistributions() {
        Catalog c = usmart.catalog();
        assertEquals(7, c.datasets().size());
        CatalogDataset air = c.dataset(AIR).orElseThrow();
        assertTrue(air.title().toLowerCase().contains("air quality"));
        assertFalse(air.distributions().isEmpty());
        Table t = c.table();
        assertEquals(7, t.rowCount());
        assertTrue(c.toText().contains(AIR.substring(0, 8) + "…  Air quality"), c.toText());
    }

    @Test
    void catalog_orgFromItsOwnIdMatches() {
        String id = usmart.catalog(USmart.Visibility.PUBLIC).id();
        assertEquals(sandbox.org(), io.github.usmartkit.internal.config.SettingsResolver.orgFromDcatUrl(id));
    }
}

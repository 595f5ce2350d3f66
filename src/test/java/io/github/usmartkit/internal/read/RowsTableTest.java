package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.internal.json.Json;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowsTableTest {

    @Test
    void of_typesColumnsByContent() throws Exception {
        JsonNode rows = Json.tree("[{\"usmart_id\":\"1\",\"n\":1,\"x\":1.5,\"ok\":true,\"s\":\"a\"},"
                + "{\"usmart_id\":\"2\",\"n\":2,\"x\":2,\"ok\":false,\"extra\":\"late\"}]");
        Table t = RowsTable.of("rows", rows);
        assertEquals(2, t.rowCount());
        assertEquals(ColumnType.STRING, t.column("usmart_id").type());
        assertEquals(ColumnType.LONG, t.column("n").type());
        assertEquals(ColumnType.DOUBLE, t.column("x").type());
        assertEquals(ColumnType.BOOLEAN, t.column("ok").type());
        assertTrue(t.column("s").isMissing(1));
        assertEquals("late", t.stringColumn("extra").get(1));
    }

    @Test
    void of_emptyArrayGivesEmptyTable() throws Exception {
        assertEquals(0, RowsTable.of("none", Json.tree("[]")).columnCount());
    }
}

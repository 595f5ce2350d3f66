package io.github.usmartkit.display;

import io.github.usmartkit.internal.render.TableStyle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableViewTest {

    static Table readings(int n) {
        StringColumn site = StringColumn.create("site");
        DoubleColumn no2 = DoubleColumn.create("no2");
        for (int i = 0; i < n; i++) {
            site.append("site-" + i);
            no2.append(i * 1.5);
        }
        return Table.create("readings", site, no2);
    }

    @Test
    void html_capsRowsAndSaysHowManyMore() {
        String html = TableView.of(readings(25)).maxRows(5).toHtml();
        assertEquals(6, html.split("<tr>", -1).length - 1, "header row + 5 rows");
        assertTrue(html.contains("20 more rows"), html);
        assertTrue(html.contains("site-4") && !html.contains("site-5"), html);
        assertFalse(html.contains("<script"), html);
    }

    @Test
    void html_withoutHiddenRowsHasNoMoreLine() {
        String html = TableView.of(readings(3)).toHtml();
        assertFalse(html.contains("more row"), html);
        assertTrue(html.contains("readings (3 rows × 2 columns)"), html);
    }

    @Test
    void html_escapesCells() {
        Table t = Table.create("t", StringColumn.create("name", "<script>alert(1)</script>", "a&b"));
        String html = TableView.of(t).toHtml();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("a&amp;b"), html);
    }

    @Test
    void text_alignsColumnsAndSaysHowManyMore() {
        String text = TableView.of(readings(12)).maxRows(2).toText();
        String[] lines = text.split("\n");
        assertEquals("readings (12 rows × 2 columns)", lines[0]);
        assertEquals("site    no2", lines[1]);
        assertEquals("------  ---", lines[2]);
        assertEquals("site-0  0.0", lines[3]);
        assertEquals("site-1  1.5", lines[4]);
        assertEquals("… 10 more rows", lines[lines.length - 1]);
    }

    @Test
    void maxRows_refusesNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableView.of(readings(1)).maxRows(-1));
        assertTrue(e.getMessage().contains("maxRows"), e.getMessage());
    }

    @Test
    void moreRows_singular() {
        assertEquals("1 more row", TableStyle.moreRows(1));
        assertTrue(TableView.of(readings(1)).toText().startsWith("readings (1 row × 2 columns)\n"));
        assertTrue(TableView.of(readings(2)).maxRows(1).toHtml().contains("1 more row<"));
    }
}

package io.github.usmartkit.display.rapaio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.usmartkit.Kit;
import io.github.usmartkit.USmart;
import io.github.usmartkit.display.ChartImage;
import io.github.usmartkit.error.ErrorBox;
import io.github.usmartkit.sandbox.Sandbox;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplaySystem;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Against rapaio-jupyter-kernel's own DisplaySystem, which the kernel uses for every cell value. */
class UsmartDisplayProviderTest {

    @Test
    void serviceLoader_findsTheProvider() {
        assertTrue(ServiceLoader.load(DisplayProvider.class).stream()
                .anyMatch(p -> p.type() == UsmartDisplayProvider.class));
    }

    @Test
    void displaySystem_rendersTablesawTableAsCappedHtml() {
        Table t = Table.create("numbers", IntColumn.indexColumn("i", 50, 0));
        DisplayData data = DisplaySystem.inst().render(t);
        String html = (String) data.data().get("text/html");
        assertTrue(html.contains("usmart-table") && html.contains("40 more rows"), html);
        assertTrue(((String) data.data().get("text/plain")).contains("… 40 more rows"));
    }

    @Test
    void displaySystem_rendersErrorBoxAsHtml() {
        DisplayData data = DisplaySystem.inst().render(ErrorBox.of(new IllegalStateException("nope")));
        assertTrue(((String) data.data().get("text/html")).contains("usmart-error"));
    }

    @Test
    void kitDisplays_carryABadgeNamingWhereTheKitIsConnected() {
        Table t = Table.create("numbers", IntColumn.indexColumn("i", 3, 0));
        Kit.close();
        assertFalse(html(t).contains("usmart-target"), "no badge while the kit has no session");
        try (Sandbox sb = Sandbox.start()) {
            Kit.sandbox();
            String html = html(t);
            assertTrue(html.startsWith("<div class=\"usmart-target\"") && html.contains("SANDBOX"), html);
            assertFalse(html.contains("127.0.0.1"), "no port: re-running a notebook leaves its outputs as they were");
            assertFalse(((String) DisplaySystem.inst().render(t).data().get("text/plain")).contains("SANDBOX"), "the text stays as it was");

            Kit.use(USmart.builder().environment(Map.of()).home(null).baseUrl(sb.baseUrl()).readUrl(sb.baseUrl()).org(sb.org())
                    .apiKey(sb.providerKey().id(), sb.providerKey().secret()).connect());
            html = html(t);
            assertTrue(html.contains("organisation " + sb.org() + " at " + sb.baseUrl()) && !html.contains("SANDBOX"), html);
        } finally {
            Kit.close();
        }
    }

    private static String html(Object value) {
        return (String) DisplaySystem.inst().render(value).data().get("text/html");
    }

    @Test
    void displaySystem_rendersChartAsPng() {
        Table t = Table.create("c", DoubleColumn.create("x", 1, 2, 3), DoubleColumn.create("y", 3, 1, 2));
        ChartImage chart = ChartImage.line(t, "x", "y");
        DisplayData data = DisplaySystem.inst().render(chart);
        assertEquals(chart.pngBase64(), data.data().get("image/png"));
    }
}

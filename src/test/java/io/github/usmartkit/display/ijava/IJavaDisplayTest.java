package io.github.usmartkit.display.ijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.usmartkit.display.ChartImage;
import io.github.usmartkit.error.ErrorBox;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Against jupyter-jvm-basekernel's Renderer, the one IJava's kernel uses. */
class IJavaDisplayTest {

    private final Renderer renderer = new Renderer();

    IJavaDisplayTest() {
        IJavaDisplay.register(renderer);
    }

    @Test
    void table_rendersAsCappedHtmlAndText() {
        DisplayData data = renderer.render(Table.create("n", IntColumn.indexColumn("i", 15, 0)));
        assertTrue(data.getData(MIMEType.TEXT_HTML).toString().contains("5 more rows"));
        assertTrue(data.getData(MIMEType.TEXT_PLAIN).toString().contains("… 5 more rows"));
    }

    @Test
    void displayable_rendersItsHtml() {
        ErrorBox box = ErrorBox.of(new IllegalStateException("nope"));
        assertEquals(box.toHtml(), renderer.render(box).getData(MIMEType.TEXT_HTML));
    }

    @Test
    void chart_rendersAsPng() {
        ChartImage chart = ChartImage.line(Table.create("c", DoubleColumn.create("x", 1, 2), DoubleColumn.create("y", 2, 1)), "x", "y");
        assertEquals(chart.pngBase64(), renderer.render(chart).getData(MIMEType.IMAGE_PNG));
    }
}

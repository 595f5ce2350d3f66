package io.github.usmartkit.display.jjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.usmartkit.display.ChartImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Through JJava's own extension loading (ServiceLoader over META-INF/services) and its Renderer. */
class UsmartExtensionTest {

    /** The smallest real JJava kernel: BaseKernel with no evaluation. */
    static final class TestKernel extends BaseKernel {
        TestKernel() {
            super("test", "0", new LanguageInfo("java", "17", "text/x-java", ".java", "java", "java", "java"),
                    List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                    null, null, true, new StringStyler("", "", "", i -> ""));
        }

        void loadExtensions() {
            installExtensions(UsmartExtensionTest.class.getClassLoader());
        }

        @Override
        public Object evalRaw(String expr) {
            return null;
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_YES;
        }
    }

    @Test
    void jjavaLoadsExtension_thenTablesRenderAsCappedHtml() {
        TestKernel kernel = new TestKernel();
        kernel.loadExtensions();
        DisplayData data = kernel.getRenderer().render(Table.create("n", IntColumn.indexColumn("i", 12, 0)));
        assertTrue(data.getData(MIMEType.TEXT_HTML).toString().contains("2 more rows"), String.valueOf(data.getData(MIMEType.TEXT_HTML)));
    }

    @Test
    void chart_rendersAsPng() {
        TestKernel kernel = new TestKernel();
        new UsmartExtension().install(kernel);
        Renderer renderer = kernel.getRenderer();
        ChartImage chart = ChartImage.bar(Table.create("c", DoubleColumn.create("x", 1, 2), DoubleColumn.create("y", 2, 1)), "x", "y");
        assertEquals(chart.pngBase64(), renderer.render(chart).getData(MIMEType.IMAGE_PNG));
    }
}

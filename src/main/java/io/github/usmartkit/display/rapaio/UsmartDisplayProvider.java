package io.github.usmartkit.display.rapaio;

import io.github.usmartkit.display.ChartImage;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.display.Displays;
import java.util.List;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.MimeType;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;
import tech.tablesaw.api.Table;

/**
 * rapaio-jupyter-kernel display hook (listed in {@code META-INF/services}): a cell whose value is
 * one of the kit's models, a Tablesaw {@link Table} or a {@link ChartImage} shows as compact HTML
 * (charts as an {@code image/png}), with plain text beside it. Above the HTML, a {@link TargetBadge}
 * says whether the kit is on the sandbox or an organisation.
 */
public final class UsmartDisplayProvider implements DisplayProvider {

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(new KitRenderer(Displayable.class), new KitRenderer(Table.class));
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }

    /** Renders one Java type through {@link Displays#of}. */
    static final class KitRenderer implements DisplayRenderer {
        private final Class<?> type;

        KitRenderer(Class<?> type) {
            this.type = type;
        }

        @Override
        public Class<?> rendererClass() {
            return type;
        }

        @Override
        public boolean canRender(String mime) {
            return mime == null || mime.isBlank() || mime.contains("html") || mime.contains("text")
                    || mime.contains("png") || mime.equals("default");
        }

        @Override
        public DisplayData render(String mime, Object value) {
            Displayable d = Displays.of(value);
            if (d instanceof ChartImage chart) {
                DisplayData data = DisplayData.fromText(chart.toText());
                data.putData(MimeType.PNG, chart.pngBase64());
                return data;
            }
            // Progress lines are redrawn many times a second and stand for the call that shows them.
            String badge = d instanceof RapaioDisplay.Shown ? "" : TargetBadge.html();
            DisplayData data = DisplayData.fromHtml(badge + d.toHtml());
            data.putText(d.toText());
            return data;
        }
    }
}

package io.github.usmartkit.display.ijava;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.usmartkit.display.ChartImage;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.display.Displays;
import tech.tablesaw.api.Table;

/**
 * IJava display hook (jupyter-jvm-basekernel's {@link Renderer}). IJava has no plug-in discovery,
 * so a notebook registers it once:
 *
 * <pre>{@code io.github.usmartkit.display.ijava.IJavaDisplay.register(getKernelInstance().getRenderer());}</pre>
 */
public final class IJavaDisplay {

    private IJavaDisplay() {
    }

    /** Makes {@code renderer} show the kit's models and Tablesaw tables as HTML, charts as PNG. */
    public static void register(Renderer renderer) {
        renderer.createRegistration(ChartImage.class)
                .preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.TEXT_PLAIN)
                .register(IJavaDisplay::renderChart);
        renderer.createRegistration(Displayable.class)
                .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register(IJavaDisplay::render);
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register(IJavaDisplay::render);
    }

    private static void renderChart(ChartImage chart, RenderContext context) {
        context.renderIfRequested(MIMEType.IMAGE_PNG, chart::pngBase64);
        context.renderIfRequested(MIMEType.TEXT_PLAIN, chart::toText);
    }

    private static void render(Object value, RenderContext context) {
        Displayable d = Displays.of(value);
        if (d instanceof ChartImage chart) {
            renderChart(chart, context);
            return;
        }
        context.renderIfRequested(MIMEType.TEXT_HTML, d::toHtml);
        context.renderIfRequested(MIMEType.TEXT_PLAIN, d::toText);
    }
}

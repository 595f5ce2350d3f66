package io.github.usmartkit.display.jjava;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import io.github.usmartkit.display.ChartImage;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.display.Displays;
import tech.tablesaw.api.Table;

/**
 * JJava's renderer registrations (same API as IJava's, in JJava's packages), installed by
 * {@link UsmartExtension} when JJava finds the kit on its class path. It mirrors
 * {@code IJavaDisplay} on purpose: JJava copied IJava's display API into its own packages, so
 * sharing the code would make each hook need the other kernel's jar.
 */
public final class JJavaDisplay {

    private JJavaDisplay() {
    }

    /** Makes JJava's {@code renderer} show the kit's models and Tablesaw tables as HTML, charts as PNG. */
    public static void register(Renderer renderer) {
        renderer.createRegistration(ChartImage.class)
                .preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.TEXT_PLAIN)
                .register(JJavaDisplay::renderChart);
        renderer.createRegistration(Displayable.class)
                .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register(JJavaDisplay::render);
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register(JJavaDisplay::render);
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

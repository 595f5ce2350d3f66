package io.github.usmartkit.notebook;

import static io.github.usmartkit.notebook.KitProcesses.JUPYTER;
import static io.github.usmartkit.notebook.KitProcesses.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every worked notebook headlessly with Debian's Jupyter (nbconvert --execute) and the
 * kernel `bin/usmart kernel install` writes, each against a fresh embedded sandbox (USMART_SANDBOX=1
 * in nbconvert's environment, which its kernels inherit), and asserts on what the cells showed.
 */
@org.junit.jupiter.api.Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path NOTEBOOKS = ROOT.resolve("notebooks");

    @TempDir
    static Path work;

    private Map<String, String> env;
    private final Map<String, JsonNode> executed = new HashMap<>();

    @BeforeAll
    void installKernel() {
        KitProcesses.requireTool(JUPYTER, "jupyter-nbconvert python3-nbclient jupyter-client");
        Path home = work.resolve("home");
        env = KitProcesses.kitEnv(home);
        KitProcesses.Result r = KitProcesses.run(
                KitProcesses.usmart("kernel", "install", "--prefix", work.resolve("jupyter").toString()),
                env, ROOT, Duration.ofMinutes(2), null);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("installed kernel 'usmart-kit'"), r.out());
        env.put("USMART_SANDBOX", "1");
        env.put("JUPYTER_PATH", work.resolve("jupyter/share/jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
    }

    /** Runs the notebook top to bottom (once per test class) and returns the executed notebook. */
    JsonNode execute(String name) {
        return executed.computeIfAbsent(name, n -> run(NOTEBOOKS.resolve(n), false));
    }

    /** Executes one notebook with nbconvert; with {@code allowErrors} a failing cell does not stop the run. */
    JsonNode run(Path source, boolean allowErrors) {
        assertTrue(Files.exists(source), "no notebook " + source);
        Path out = work.resolve("executed");
        List<String> command = new ArrayList<>(List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.startup_timeout=60", "--ExecutePreprocessor.timeout=180"));
        if (allowErrors) {
            command.add("--allow-errors");
        }
        command.addAll(List.of("--output-dir", out.toString(), source.toString()));
        KitProcesses.Result r = KitProcesses.run(command, env, source.getParent(), Duration.ofMinutes(5), null);
        String name = source.getFileName().toString();
        assertEquals(0, r.exit(), name + " did not run top to bottom:\n" + r.err());
        try {
            return JSON.readTree(out.resolve(name).toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> outputs(JsonNode nb) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode cell : nb.path("cells")) {
            cell.path("outputs").forEach(all::add);
        }
        return all;
    }

    /** Every text/html, text/plain and stream text the notebook showed, joined. */
    static String shown(JsonNode nb, String mime) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode o : outputs(nb)) {
            JsonNode v = mime.equals("stream") ? o.path("text") : o.path("data").path(mime);
            if (v.isArray()) {
                v.forEach(line -> sb.append(line.asText()));
            } else if (!v.isMissingNode()) {
                sb.append(v.asText());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static void assertRanCleanly(JsonNode nb, String name) {
        for (JsonNode o : outputs(nb)) {
            assertFalse(o.path("output_type").asText().equals("error"), name + " has an error output: " + o);
        }
        for (JsonNode cell : nb.path("cells")) {
            if (cell.path("cell_type").asText().equals("code")) {
                assertFalse(cell.path("execution_count").isNull(), name + ": a code cell did not run: " + cell.path("source"));
            }
        }
        assertEquals("markdown", nb.path("cells").get(0).path("cell_type").asText(), name + " starts with a markdown explanation");
        String all = shown(nb, "text/html") + shown(nb, "text/plain") + shown(nb, "stream");
        assertFalse(all.contains("X-Usmart-Signature") || all.contains("api-key-secret"), name + " shows a secret or signed URL");
    }

    @Test
    void everyNotebookInTheFolder_isCoveredHere() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".ipynb")).sorted().toList();
            assertEquals(List.of("00-first-hour.ipynb", "01-inspect-dataset.ipynb", "02-replace-and-refresh.ipynb", "03-add-file-and-pipeline.ipynb",
                    "04-explore-catalogue.ipynb", "05-rows-and-chart.ipynb"), names);
        }
    }

    @Test
    void kernelSpec_runsKitWithThePatchBeforeKernelJar_andNamesNoTarget() throws IOException {
        Path dir = work.resolve("jupyter/share/jupyter/kernels/usmart-kit");
        JsonNode spec = JSON.readTree(dir.resolve("kernel.json").toFile());
        assertEquals("Java (usmart-kit)", spec.path("display_name").asText());
        JsonNode argv = spec.path("argv");
        String cp = argv.get(argv.size() - 3).asText();
        assertEquals("io.github.usmartkit.kernelpatch.KernelMain", argv.get(argv.size() - 2).asText());
        assertEquals("message", spec.path("interrupt_mode").asText());
        assertTrue(cp.indexOf("usmart-kernel-patch.jar") >= 0
                && cp.indexOf("usmart-kernel-patch.jar") < cp.indexOf("rapaio-jupyter-kernel.jar"), cp);
        assertTrue(cp.contains("usmart-kit.jar"), cp);
        JsonNode kernelEnv = spec.path("env");
        assertTrue(kernelEnv.path("USMART_SANDBOX").isMissingNode(), "sandbox or organisation is decided when the kernel starts");
        assertTrue(kernelEnv.path("RJK_INIT_SCRIPT").asText().endsWith("usmart.jsh"));
        assertTrue(kernelEnv.path("RJK_CLASSPATH").asText().contains("usmart-kit.jar"));
        assertFalse(kernelEnv.path("RJK_CLASSPATH").asText().contains("rapaio"), "the kernel jar stays off the kit's class path");
        for (String line : Files.readAllLines(dir.resolve("usmart.jsh"))) {
            assertTrue(line.isBlank() || line.startsWith("//") || line.startsWith("import "), "usmart.jsh must be imports only: " + line);
        }
    }

    @Test
    void firstHour_connectsLooksAroundPublishesSafely_andShowsWhatThePublicSees() {
        JsonNode nb = execute("00-first-hour.ipynb");
        assertRanCleanly(nb, "00");
        String html = shown(nb, "text/html");
        String text = shown(nb, "text/plain");
        String stream = shown(nb, "stream");
        // connect: where, and with which key, but never its secret
        assertTrue(stream.contains("usmart-kit connected to the local SANDBOX") && html.contains("usmart-target"), "banner and badge: " + stream);
        assertTrue(stream.contains("secret=****]") && stream.contains("settings from: the sandbox"), stream);
        // look around: the catalogue, the dataset, a filtered read, a chart
        assertTrue(text.contains("Demo City Council Catalog (7 rows") && text.contains("Electric vehicle charge points"), text);
        assertTrue(text.contains("where site = Station Street and no2 > 50 (5 rows"), "the filtered read: " + text);
        assertEquals(1, outputs(nb).stream().filter(o -> o.path("data").path("image/png").asText("").startsWith("iVBORw0KGgo")).count(),
                "one PNG chart");
        // publish safely: preflight, the plan, the publish, the refusal, nothing changed
        assertTrue(text.contains("air-quality-update.csv: CSV, valid UTF-8, 192 row(s) × 5 column(s)"), text);
        assertTrue(stream.contains("DRY RUN, not sent: would file:updateRevision file 3880d4e6-ffdd-465b-bd97-56901021ef1c"), stream);
        assertTrue(text.contains("dry run: 4 write(s) planned, none sent"), text);
        assertTrue(text.contains("published air-quality-2026.csv as file 3880d4e6-ffdd-465b-bd97-56901021ef1c revision 2"), text);
        String refused = text.substring(text.indexOf("✗ Schema change"));
        assertTrue(refused.contains("added nitrogen_dioxide, pm2_5; removed no2, pm25") && refused.contains("Nothing was uploaded"), refused);
        String filesAfter = refused.substring(refused.indexOf("files of Air quality readings"));
        assertTrue(filesAfter.matches("(?s).*air-quality-2026\\.csv +[0-9.]+ KiB +2 .*"), "still revision 2 after the refusal: " + filesAfter);
        // what the public sees: verified rows, the update's rows, the public catalogue, the history
        assertTrue(text.contains("verified: 2 pipeline(s) serve the 192 rows and 5 columns of air-quality-update.csv"), text);
        assertTrue(text.contains("where site = Station Street (5 rows") && text.contains("2026-11-30T18:00:00.000  Station Street  63.9"),
                "the update's rows read back: " + text);
        String publicEntry = text.substring(text.indexOf("Demo City Council Catalog (1 row × 6 columns)"));
        publicEntry = publicEntry.substring(0, publicEntry.indexOf("\n\n"));
        assertTrue(publicEntry.contains("Air quality readings") && publicEntry.contains("Published")
                && !publicEntry.contains("2026-11-27T10:00:00Z"), "the public entry, modified by the publish: " + publicEntry);
        String history = text.substring(text.lastIndexOf("history "));
        assertTrue(history.contains("refused") && history.contains("published") && history.contains("planned")
                && history.contains("air-quality-renamed.csv"), history);
    }

    @Test
    void inspectDataset_showsViewFilesAndPipelinesAsTables() {
        JsonNode nb = execute("01-inspect-dataset.ipynb");
        assertRanCleanly(nb, "01");
        String html = shown(nb, "text/html");
        assertTrue(html.contains("SANDBOX"), "banner says where it is connected");
        assertTrue(count(html, "<table") >= 3, "view, files and pipelines as tables:\n" + html);
        assertTrue(html.contains("air-quality-2026.csv") && html.contains("csv-to-download"), html);
        assertTrue(html.contains("usmart-error") && html.contains("Not found"), "the attempt(...) cell shows an error box");
        assertFalse(html.contains("\tat ") || html.contains("at io.github"), "no stack trace in the error box");
    }

    @Test
    void uncaughtKitException_showsErrorBoxWithoutStackFrames_otherExceptionsShowAsUsual() {
        JsonNode nb = run(ROOT.resolve("src/test/resources/notebooks/uncaught-errors.ipynb"), true);
        JsonNode kitCell = nb.path("cells").get(1).path("outputs");
        JsonNode box = null;
        JsonNode kitError = null;
        for (JsonNode o : kitCell) {
            if (o.path("output_type").asText().equals("display_data")) {
                box = o;
            } else if (o.path("output_type").asText().equals("error")) {
                kitError = o;
            }
        }
        assertEquals(2, kitCell.size(), "one box, one error: " + kitCell);
        assertTrue(box != null && kitError != null, "an error box and an error output (the cell still fails): " + kitCell);
        String html = join(box.path("data").path("text/html"));
        assertTrue(html.contains("usmart-error") && html.contains("Not found") && html.contains("What to do:")
                && html.contains("00000000-0000-4000-8000-000000000000"), html);
        String kitTraceback = join(kitError.path("traceback"));
        assertTrue(kitTraceback.contains("NotFoundException: see the box above"), kitTraceback);
        String kitAll = kitCell.toString();
        assertFalse(kitAll.contains("at io.github") || kitAll.contains("\\tat ") || kitAll.contains(".java:"), "no stack frames: " + kitAll);
        assertFalse(kitAll.contains("X-Usmart-Signature") || kitAll.contains("api-key-secret"),
                "no secret: " + kitAll);

        JsonNode other = nb.path("cells").get(2).path("outputs");
        assertEquals(1, other.size(), "no box for a non-kit exception (nor a second one for the cell before): " + other);
        assertEquals("error", other.get(0).path("output_type").asText());
        String traceback = join(other.get(0).path("traceback"));
        assertTrue(traceback.contains("IllegalStateException") && traceback.contains("plain failure x"), traceback);
        assertFalse(traceback.contains("see the box above"), traceback);
        assertTrue(nb.path("cells").get(3).path("outputs").toString().contains("still running"), "the kernel goes on after both");
    }

    private static String join(JsonNode lines) {
        StringBuilder sb = new StringBuilder();
        if (lines.isArray()) {
            lines.forEach(l -> sb.append(l.asText()).append('\n'));
        } else {
            sb.append(lines.asText());
        }
        return sb.toString();
    }

    @Test
    void replaceAndRefresh_publishesRehearsedFirst_showsVerifiedRevisionAndHistory() {
        JsonNode nb = execute("02-replace-and-refresh.ipynb");
        assertRanCleanly(nb, "02");
        String text = shown(nb, "text/plain");
        String stream = shown(nb, "stream");
        assertTrue(stream.contains("DRY RUN, not sent: would file:updateRevision file 3880d4e6-ffdd-465b-bd97-56901021ef1c"), stream);
        assertTrue(text.contains("dry run: 4 write(s) planned, none sent"), text);
        assertTrue(text.contains("published air-quality-2026.csv as file 3880d4e6-ffdd-465b-bd97-56901021ef1c revision 2"), text);
        assertTrue(text.matches("(?s).*\\nawait +ok +2 of 2 pipelines of dataset.*"), text);
        assertTrue(text.contains("verified: 2 pipeline(s) serve the 192 rows and 5 columns of air-2026-02.csv"), text);
        // the last files table: the file at revision 2, under its own name (not the local air-2026-02.csv)
        String files = text.substring(text.lastIndexOf("files of Air quality readings"));
        assertTrue(files.matches("(?s).*air-quality-2026\\.csv +[0-9.]+ KiB +2 .*"), files);
        String history = text.substring(text.lastIndexOf("history "));
        assertTrue(history.contains("publish") && history.contains("published") && history.contains("planned")
                && history.contains("uploads/"), history);
        // progress of the publish: one display, updated in place from the upload to the processing, to its final state
        List<String> progress = outputs(nb).stream()
                .filter(o -> o.path("output_type").asText().equals("display_data"))
                .map(o -> o.path("data").path("text/plain").toString()).toList();
        assertEquals(1, progress.size(), "one progress line for the publish, not a scroll: " + progress);
        assertTrue(progress.get(0).contains("refresh Air quality readings") && progress.get(0).contains("2/2 pipelines finished")
                && progress.get(0).contains("done"), progress.get(0));
    }

    @Test
    void addFileAndPipeline_publishesTheNewRows() {
        JsonNode nb = execute("03-add-file-and-pipeline.ipynb");
        assertRanCleanly(nb, "03");
        String text = shown(nb, "text/plain");
        assertTrue(text.contains("added tree-survey.csv"), text);
        assertTrue(text.contains("1 of 1 pipeline of dataset 6acb8f8c-7bd3-46a0-9633-f271c8d17ed2 complete"), text);
        assertTrue(text.contains("(5 rows × 5 columns)") && text.contains("Beech"), "the rows read back: " + text);
    }

    @Test
    void exploreCatalogue_listsDatasetsAndHidesPrivateOnesFromPublicView() {
        JsonNode nb = execute("04-explore-catalogue.ipynb");
        assertRanCleanly(nb, "04");
        List<String> tables = new ArrayList<>();
        List<String> htmls = new ArrayList<>();
        for (JsonNode o : outputs(nb)) {
            tables.add(o.path("data").path("text/plain").toString());
            htmls.add(o.path("data").path("text/html").toString());
        }
        assertEquals(6, tables.size(), "one table per code cell: " + tables);
        assertTrue(tables.get(0).contains("Bin collections") && tables.get(0).contains("Playground")
                && tables.get(0).contains("non-public") && tables.get(0).contains("Request"), "the catalogue as a table: " + tables.get(0));
        assertTrue(tables.get(1).contains("Air quality readings") && !tables.get(1).contains("Street lighting"),
                "published only: " + tables.get(1));
        String publicOnly = tables.get(2);
        assertTrue(publicOnly.contains("Air quality readings") && !publicOnly.contains("Bin collections"), publicOnly);
        assertTrue(htmls.get(3).contains("ade675ea-1a63-4322-9d7a-c58782afe012"), "from a row to the car park's pipeline, in full: "
                + htmls.get(3));
        assertTrue(tables.get(3).contains("ade675ea…") && !tables.get(3).contains("ade675ea-1a63"),
                "its text view shortens the GUID: " + tables.get(3));
        assertTrue(tables.get(4).contains("usmart_id") && tables.get(4).contains("3 rows"), "rows of the catalogue's API: " + tables.get(4));
        assertTrue(tables.get(5).contains("democitycouncil") && !tables.get(5).contains("Bin collections"),
                "a catalogue read from its URL: " + tables.get(5));
    }

    @Test
    void rowsAndChart_showCappedTableAndPngCharts() {
        JsonNode nb = execute("05-rows-and-chart.ipynb");
        assertRanCleanly(nb, "05");
        String html = shown(nb, "text/html");
        assertTrue(html.contains("1995 more rows"), "2000 rows capped to 5");
        List<String> pngs = outputs(nb).stream().map(o -> o.path("data").path("image/png").asText(""))
                .filter(s -> !s.isEmpty()).toList();
        assertEquals(3, pngs.size(), "a line chart, a bar chart of the aggregation, a line chart of the histogram");
        String text = shown(nb, "text/plain");
        assertTrue(text.contains("avg(no2)") && text.contains("Station Street"), "the aggregation's table: " + text);
        for (String png : pngs) {
            assertTrue(png.strip().startsWith("iVBORw0KGgo"), "PNG data, not a script");
        }
        assertFalse(html.contains("<script"), "no scripts in the kit's outputs");
    }

    @Test
    void htmlExport_rendersTablesAndChartsInHeadlessChromium() throws IOException {
        BufferedImage image = screenshot("05-rows-and-chart", 1800, "target/notebook-screenshot.png");
        int blue = pixels(image, (r, g, b) -> b > 200 && r < 120 && g < 150);
        assertTrue(blue > 2000, "charts visible in the screenshot (" + blue + " blue samples) — see target/notebook-screenshot.png");
    }

    @Test
    void firstHour_htmlExport_showsBadgesTablesTheChartAndTheRefusal() throws IOException {
        BufferedImage image = screenshot("00-first-hour", 6200, "target/first-hour-screenshot.png");
        String page = Files.readString(work.resolve("html/00-first-hour.html"));
        assertTrue(page.contains("usmart-target") && page.contains("usmart-table") && page.contains("usmart-error")
                && page.contains("data:image/png;base64,iVBOR"), "badges, tables, the refusal box and the chart in the page");
        int blue = pixels(image, (r, g, b) -> b > 200 && r < 120 && g < 150);
        assertTrue(blue > 500, "the chart is visible in the screenshot (" + blue + " blue samples) — see target/first-hour-screenshot.png");
        // the badges' SANDBOX is bold #b35900: a few hundred samples of it over a dozen badges
        int orange = pixels(image, (r, g, b) -> r > 150 && g > 60 && g < 120 && b < 50);
        assertTrue(orange > 100, "SANDBOX badges visible in the screenshot (" + orange + " orange samples)");
    }

    /** Exports an executed notebook to HTML and screenshots it in headless Chromium, 1000 pixels wide, into {@code shotPath}. */
    private BufferedImage screenshot(String name, int height, String shotPath) throws IOException {
        KitProcesses.requireTool(KitProcesses.CHROMIUM, "chromium");
        execute(name + ".ipynb");
        Path executedNb = work.resolve("executed/" + name + ".ipynb");
        Path htmlDir = work.resolve("html");
        KitProcesses.Result r = KitProcesses.run(List.of(JUPYTER.toString(), "nbconvert", "--to", "html",
                "--output-dir", htmlDir.toString(), executedNb.toString()), env, work, Duration.ofMinutes(2), null);
        assertEquals(0, r.exit(), r.all());
        Path html = htmlDir.resolve(name + ".html");
        String page = Files.readString(html);
        assertTrue(page.contains("usmart-table") && page.contains("data:image/png;base64,iVBOR"), "tables and PNG charts in the page");

        Path shot = ROOT.resolve(shotPath);
        Files.deleteIfExists(shot);
        KitProcesses.Result c = KitProcesses.run(List.of(KitProcesses.CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + work.resolve("chromium-profile-" + name),
                "--window-size=1000," + height, "--screenshot=" + shot, html.toUri().toString()), env, work, Duration.ofMinutes(2), null);
        assertEquals(0, c.exit(), c.all());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(1000, image.getWidth());
        return image;
    }

    interface Rgb {
        boolean test(int red, int green, int blue);
    }

    /** Samples every other pixel of every other row and counts those of a colour. */
    private static int pixels(BufferedImage image, Rgb colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                if (colour.test((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

package io.github.usmartkit.notebook;

import static io.github.usmartkit.notebook.KitProcesses.JUPYTER;
import static io.github.usmartkit.notebook.KitProcesses.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every worked notebook headlessly with Debian's Jupyter (nbconvert --execute) and the
 * kernel `bin/usmart kernel install --sandbox` writes, each against a fresh embedded sandbox, and
 * asserts on what the cells showed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path NOTEBOOKS = ROOT.resolve("notebooks");

    @TempDir
    Path work;

    private Map<String, String> env;
    private final Map<String, JsonNode> executed = new HashMap<>();

    @BeforeAll
    void installKernel() {
        KitProcesses.requireTool(JUPYTER, "jupyter-nbconvert python3-nbclient jupyter-client");
        Path home = work.resolve("home");
        env = KitProcesses.kitEnv(home);
        KitProcesses.Result r = KitProcesses.run(
                List.of(ROOT.resolve("bin/usmart-kernel").toString(), "install", "--prefix", work.resolve("jupyter").toString(), "--sandbox"),
                env, ROOT, Duration.ofMinutes(2), null);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("SANDBOX"), r.out());
        env.put("JUPYTER_PATH", work.resolve("jupyter/share/jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
    }

    /** Runs the notebook top to bottom (once per test class) and returns the executed notebook. */
    JsonNode execute(String name) {
        return executed.computeIfAbsent(name, n -> {
            Path source = NOTEBOOKS.resolve(n);
            assertTrue(Files.exists(source), "no notebook " + source);
            Path out = work.resolve("executed");
            KitProcesses.Result r = KitProcesses.run(List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                            "--ExecutePreprocessor.startup_timeout=60", "--ExecutePreprocessor.timeout=180",
                            "--output-dir", out.toString(), source.toString()),
                    env, NOTEBOOKS, Duration.ofMinutes(5), null);
            assertEquals(0, r.exit(), n + " did not run top to bottom:\n" + r.err());
            try {
                return JSON.readTree(out.resolve(n).toFile());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
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
            assertEquals(List.of("01-inspect-dataset.ipynb", "02-replace-and-refresh.ipynb", "03-add-file-and-pipeline.ipynb",
                    "04-explore-catalogue.ipynb", "05-rows-and-chart.ipynb"), names);
        }
    }
}

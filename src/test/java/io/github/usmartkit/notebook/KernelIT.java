package io.github.usmartkit.notebook;

import static io.github.usmartkit.notebook.KitProcesses.JUPYTER;
import static io.github.usmartkit.notebook.KitProcesses.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed kernel as Jupyter drives it (jupyter_client, through
 * {@code src/test/resources/notebook/kernel_session.py}): interrupting a cell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path work;

    private Map<String, String> env;

    @BeforeAll
    void installKernel() {
        KitProcesses.requireTool(JUPYTER, "jupyter-nbconvert python3-nbclient jupyter-client");
        env = KitProcesses.kitEnv(work.resolve("home"));
        KitProcesses.Result r = KitProcesses.run(
                List.of(ROOT.resolve("bin/usmart-kernel").toString(), "install", "--prefix", work.resolve("jupyter").toString()),
                env, ROOT, Duration.ofMinutes(2), null);
        assertEquals(0, r.exit(), r.all());
        env.put("JUPYTER_PATH", work.resolve("jupyter/share/jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
    }

    @Test
    void interruptedCell_saysSo_andTheNextCellsShowTheirOutput() {
        JsonNode session = session(Map.of("USMART_SANDBOX", "1"),
                cell("Thread.sleep(60000)", 3),
                cell("long n = 0; while (!Thread.currentThread().isInterrupted()) { n++; }", 2),
                cell("1 + 1"),
                cell("System.out.println(\"hello\")"));
        for (int i = 0; i < 2; i++) {
            JsonNode interrupted = session.path("cells").get(i);
            assertEquals("error", interrupted.path("status").asText(), "the interrupted cell is answered, as failed: " + interrupted);
            assertTrue(interrupted.path("outputs").toString().contains("EvaluationInterruptedException"), interrupted.toString());
        }
        JsonNode sum = session.path("cells").get(2);
        assertEquals("ok", sum.path("status").asText(), sum.toString());
        assertEquals("execute_result", sum.path("outputs").get(0).path("type").asText(), sum.toString());
        assertEquals("2", sum.path("outputs").get(0).path("html").asText(), sum.toString());
        JsonNode hello = session.path("cells").get(3);
        assertEquals("ok", hello.path("status").asText(), hello.toString());
        assertEquals("stream", hello.path("outputs").get(0).path("type").asText(), hello.toString());
        assertEquals("hello\n", hello.path("outputs").get(0).path("text").asText(), hello.toString());
    }

    private static ObjectNode cell(String code) {
        return JSON.createObjectNode().put("code", code).put("timeout", 60);
    }

    private static ObjectNode cell(String code, double interruptAfterSeconds) {
        return cell(code).put("interrupt_after", interruptAfterSeconds).put("timeout", 30);
    }

    /** Starts the installed kernel with {@code kernelEnv} added to the environment, runs the cells, shuts it down. */
    private JsonNode session(Map<String, String> kernelEnv, ObjectNode... cells) {
        ObjectNode plan = JSON.createObjectNode().put("kernel", "usmart-kit");
        ArrayNode list = plan.putArray("cells");
        for (ObjectNode c : cells) {
            list.add(c);
        }
        Map<String, String> all = new HashMap<>(env);
        all.putAll(kernelEnv);
        KitProcesses.Result r = KitProcesses.run(new ArrayList<>(List.of(PYTHON.toString(),
                        ROOT.resolve("src/test/resources/notebook/kernel_session.py").toString())),
                all, work, Duration.ofMinutes(4), plan.toString());
        assertEquals(0, r.exit(), r.all());
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON from kernel_session.py: " + r.all(), e);
        }
    }
}

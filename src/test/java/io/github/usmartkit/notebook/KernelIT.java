package io.github.usmartkit.notebook;

import static io.github.usmartkit.notebook.KitProcesses.JUPYTER;
import static io.github.usmartkit.notebook.KitProcesses.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
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
 * {@code src/test/resources/notebook/kernel_session.py}): interrupting a cell, the quiet start, and
 * the choice between sandbox and organisation made when the kernel starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String DEMO_DATASET = "114f8ea9-b5fa-45dd-af46-f9313dd31762";

    @TempDir
    static Path work;

    private Map<String, String> env;

    @BeforeAll
    void installKernel() {
        KitProcesses.requireTool(JUPYTER, "jupyter-nbconvert python3-nbclient jupyter-client");
        env = KitProcesses.kitEnv(work.resolve("home"));
        KitProcesses.Result r = KitProcesses.run(
                KitProcesses.usmart("kernel", "install", "--prefix", work.resolve("jupyter").toString()),
                env, ROOT, Duration.ofMinutes(2), null);
        assertEquals(0, r.exit(), r.all());
        env.put("JUPYTER_PATH", work.resolve("jupyter/share/jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
    }

    @Test
    void interruptedCell_saysSo_andTheNextCellsShowTheirOutput() {
        JsonNode session = session(Map.of("USMART_SANDBOX", "1"),
                interrupted("{ System.out.println(\"sleeping\"); Thread.sleep(60000); }", "sleeping"),
                interrupted("{ System.out.println(\"looping\"); long n = 0; while (!Thread.currentThread().isInterrupted()) { n++; } }",
                        "looping"),
                cell("1 + 1"),
                cell("System.out.println(\"hello\")"));
        for (int i = 0; i < 2; i++) {
            JsonNode answer = session.path("cells").get(i);
            assertEquals("error", answer.path("status").asText(), "the interrupted cell is answered, as failed: " + answer);
            assertTrue(answer.path("outputs").toString().contains("EvaluationInterruptedException"), answer.toString());
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

    /** install leaves a class-data archive beside kernel.json, which the kernel starts with (and still starts quietly: below). */
    @Test
    void install_makesTheKernelsClassDataArchive_andTheSpecUsesIt() throws IOException {
        Path spec = work.resolve("jupyter/share/jupyter/kernels/usmart-kit");
        Path archive = spec.resolve("usmart-kernel.jsa");
        assertTrue(Files.size(archive) > 1_000_000, "an archive of what a start loads: " + Files.size(archive) + " bytes");
        String argv = new ObjectMapper().readTree(spec.resolve("kernel.json").toFile()).path("argv").toString();
        assertTrue(argv.contains("\"-XX:SharedArchiveFile=" + archive + "\""), argv);
        assertTrue(argv.contains("\"-Xlog:disable\""), "the JVM's CDS warnings stay out of Jupyter's terminal: " + argv);
    }

    @Test
    void start_printsOneLineNamingTheKitAndWhereItIsConnected_neverTheConnectionKey() {
        JsonNode session = session(Map.of("USMART_SANDBOX", "1"), cell("1 + 1"));
        assertEquals("ok", session.path("cells").get(0).path("status").asText(), session.toString());
        String key = session.path("key").asText();
        assertTrue(key.length() >= 16, "jupyter_client signs with a key: " + key);
        String stderr = session.path("stderr").asText();
        String stdout = session.path("stdout").asText();
        assertFalse(stderr.contains(key) || stdout.contains(key), "the HMAC key is not printed:\n" + stderr + stdout);
        List<String> lines = stderr.lines().toList();
        assertTrue(lines.size() < 5, "a quiet start:\n" + stderr);
        assertTrue(lines.get(0).matches("usmart-kit \\S+ kernel: SANDBOX http://127\\.0\\.0\\.1:\\d+"), stderr);
        assertEquals("", stdout.strip(), "nothing on stdout (rapaio prints two lines per class-path entry)");
    }

    @Test
    void sameKernel_startedWithSandboxOrCredentials_connectsWhereTheEnvironmentSaysThen() throws IOException {
        JsonNode inSandbox = session(Map.of("USMART_SANDBOX", "1"), cell("dataset(\"" + DEMO_DATASET + "\").view()"));
        assertTrue(inSandbox.path("stderr").asText().contains(" kernel: SANDBOX http://127.0.0.1:"), inSandbox.path("stderr").asText());
        assertEquals("ok", inSandbox.path("cells").get(0).path("status").asText(), inSandbox.toString());
        String sandboxView = html(inSandbox.path("cells").get(0));
        assertTrue(sandboxView.contains("class=\"usmart-target\"") && sandboxView.contains("SANDBOX"), "a badge: " + sandboxView);

        try (Sandbox running = Sandbox.start()) {
            Path home = Files.createDirectories(work.resolve("no-credentials-home"));
            Map<String, String> credentials = new HashMap<>(Map.of(
                    "USMART_BASE_URL", running.baseUrl(), "USMART_READ_URL", running.baseUrl(), "USMART_ORG", running.org(),
                    "USMART_API_KEY_ID", running.providerKey().id(), "USMART_API_KEY_SECRET", running.providerKey().secret(),
                    // no ~/.usmart/credentials of whoever runs the tests
                    "JAVA_TOOL_OPTIONS", "-Duser.home=" + home));
            JsonNode inOrg = session(credentials, cell("dataset(\"" + DEMO_DATASET + "\").view()"));
            String stderr = inOrg.path("stderr").asText();
            assertTrue(stderr.contains(" kernel: organisation " + running.org() + " at " + running.baseUrl()), stderr);
            JsonNode view = inOrg.path("cells").get(0);
            assertEquals("ok", view.path("status").asText(), view.toString());
            String html = html(view);
            assertTrue(html.contains("Air quality readings"), "the dataset read from the running sandbox: " + html);
            assertTrue(html.contains("class=\"usmart-target\"") && html.contains("organisation " + running.org()) && !html.contains("SANDBOX"),
                    "the badge names the organisation: " + html);
            assertFalse(inOrg.toString().contains(running.providerKey().secret()), "the key secret shows nowhere");
        }
    }

    @Test
    void kernelWithoutCredentialsOrSandbox_failsOnTheFirstKitCall_namingBothWaysOut() throws IOException {
        Path home = Files.createDirectories(work.resolve("empty-home"));
        JsonNode session = session(Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + home),
                cell("dataset(\"" + DEMO_DATASET + "\").view()"), cell("1 + 1"));
        String stderr = session.path("stderr").asText();
        assertTrue(stderr.contains(" kernel: not connected (ConfigurationException: ") && stderr.contains("USMART_SANDBOX=1"), stderr);
        JsonNode failed = session.path("cells").get(0);
        assertEquals("error", failed.path("status").asText(), failed.toString());
        String shown = failed.path("outputs").toString();
        assertTrue(shown.contains("ConfigurationException"), shown);
        String box = html(failed);
        assertTrue(box.contains("usmart-error") && box.contains("USMART_SANDBOX=1") && box.contains("USMART_API_KEY_ID"),
                "the box names both ways out: " + box);
        assertEquals("ok", session.path("cells").get(1).path("status").asText(), "the kernel goes on");
    }

    /** {@code usmart kernel starts N} as the command line runs it: install into a temporary prefix, bin/usmart-kernel-starts.py, its summary. */
    @Test
    void kernelStarts_throughTheCommandLine_measuresAndSumsUp() {
        KitProcesses.Result r = KitProcesses.run(KitProcesses.usmart("kernel", "starts", "1"), env, ROOT, Duration.ofMinutes(3), null);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("start   1/1: ok") && r.out().contains("1 starts: 1 ok, 0 hung, 0 errors"), r.all());
    }

    private static ObjectNode cell(String code) {
        return JSON.createObjectNode().put("code", code).put("timeout", 60);
    }

    /** A cell interrupted once its output shows {@code started} (so while it really runs). */
    private static ObjectNode interrupted(String code, String started) {
        return cell(code).put("interrupt_on", started).put("timeout", 40);
    }

    /** Every text/html the cell showed. */
    private static String html(JsonNode cell) {
        StringBuilder sb = new StringBuilder();
        cell.path("outputs").forEach(o -> sb.append(o.path("html").asText("")));
        return sb.toString();
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

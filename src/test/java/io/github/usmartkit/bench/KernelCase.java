package io.github.usmartkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code kernel}: the kit's Jupyter kernel (installed by {@code bin/usmart kernel install}, started
 * with {@code USMART_SANDBOX=1} so it connects to a sandbox of its own) from start to the result
 * of {@code 1 + 1}, against the same rapaio kernel without the kit (the same rapaio jar and the
 * patch's channel fixes, rapaio's own main, no kit on its class paths, no init script), driven
 * by jupyter_client ({@code kernel_start.py}), starts taken in turns.
 */
final class KernelCase implements BenchCase {

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String about() {
        return "the kit's kernel from start to the result of 1 + 1 vs the same rapaio kernel without the kit";
    }

    @Override
    public String takes() {
        return "about 1 min";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Proc.requirePython("jupyter_client", "jupyter-client");
        Path prefix = env.dir("kernel");
        try {
            Proc.run(List.of(env.root.resolve("bin/usmart").toString(), "kernel", "install", "--prefix", prefix.toString()), null, 300)
                    .orThrow("bin/usmart kernel install");
            Path kernels = prefix.resolve("share/jupyter/kernels");
            Path kit = kernels.resolve("usmart-kit");
            rapaioAlone(kit, kernels.resolve("rapaio-alone"));
            Path script = Path.of(KernelCase.class.getResource("kernel_start.py").toURI());
            Map<String, String> e = Map.of("JUPYTER_PATH", prefix.resolve("share/jupyter").toString(), "USMART_SANDBOX", "1");
            BenchCase.Side kitStart = i -> start(script, "usmart-kit", e);
            BenchCase.Side alone = i -> start(script, "rapaio-alone", e);
            kitStart.once(-1);
            alone.once(-1);
            Row row = new Row(name(), "kit kernel", new Samples("s"), "rapaio kernel alone", new Samples("s"), "≤ 1.2×");
            env.interleave(row, Math.max(env.reps, 5), kitStart, alone, Ratio.KIT_OVER_BASELINE);
            return List.of(row.judge(r -> r.ratioMedian() <= 1.2));
        } finally {
            BenchEnv.deleteTree(prefix);
        }
    }

    private static double start(Path script, String kernel, Map<String, String> env) throws Exception {
        Proc.Result r = Proc.run(List.of("/usr/bin/python3", script.toString(), kernel), env, 180).orThrow("a start of " + kernel);
        return Double.parseDouble(r.out().strip());
    }

    /** rapaio's kernelspec without the kit: the kit's spec with the kit taken out of it. */
    static void rapaioAlone(Path kitSpec, Path dir) throws Exception {
        JsonNode spec = SandboxProcess.JSON.readTree(kitSpec.resolve("kernel.json").toFile());
        ObjectNode alone = SandboxProcess.JSON.createObjectNode();
        ArrayNode argv = alone.putArray("argv");
        argv.add(spec.path("argv").get(0).asText()); // the same java
        argv.add("-Djava.awt.headless=true");
        argv.add("-cp");
        argv.add(kitSpec.resolve("usmart-kernel-patch.jar") + File.pathSeparator + kitSpec.resolve("rapaio-jupyter-kernel.jar"));
        argv.add("org.rapaio.jupyter.kernel.MainApp");
        argv.add("{connection_file}");
        alone.put("display_name", "Java (rapaio alone)");
        alone.put("language", "java");
        alone.put("interrupt_mode", "message");
        alone.putObject("env").put("RJK_TIMEOUT_MILLIS", "-1");
        Files.createDirectories(dir);
        SandboxProcess.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("kernel.json").toFile(), alone);
    }
}

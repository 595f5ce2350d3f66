package io.github.usmartkit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code shell}: {@code bin/usmart shell} (built; no credentials, so it starts its sandbox) from
 * the command to its first {@code jshell>} prompt, against bare {@code jshell} to its first
 * prompt. Standard input is a pipe, as in the kit's own shell tests (a pseudo-terminal makes
 * JShell's line editor wait for terminal replies). Both run with a fresh home directory and one
 * untimed start first. The note gives the CPU time each side's two JVMs (JShell's own, which
 * compiles, and the snippets') had used at the prompt: on two shared cores a start's wall time
 * follows the machine's load, its CPU time much less.
 */
final class ShellCase implements BenchCase {

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public String about() {
        return "bin/usmart shell (built) to its first prompt vs bare jshell";
    }

    @Override
    public String takes() {
        return "about 40 s";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Path home = env.dir("shell-home");
        try {
            List<String> kit = List.of(env.root.resolve("bin/usmart").toString(), "shell");
            List<String> bare = List.of("jshell");
            toPrompt(kit, home, env.root, null);
            toPrompt(bare, home, env.root, null);
            Row row = new Row(name(), "bin/usmart shell", new Samples("s"), "jshell", new Samples("s"), "≤ 1.5×");
            List<double[]> kitCpu = new ArrayList<>();
            List<double[]> bareCpu = new ArrayList<>();
            env.interleave(row, Math.max(env.reps, 5), i -> toPrompt(kit, home, env.root, kitCpu),
                    i -> toPrompt(bare, home, env.root, bareCpu), Ratio.KIT_OVER_BASELINE);
            row.note(String.format("CPU to the prompt (median), JShell's JVM + the snippets' JVM: kit %.2f + %.2f s, jshell %.2f + %.2f s",
                    median(kitCpu, 0), median(kitCpu, 1), median(bareCpu, 0), median(bareCpu, 1)));
            return List.of(row.judge(r -> r.ratioMedian() <= 1.5));
        } finally {
            BenchEnv.deleteTree(home);
        }
    }

    private static double median(List<double[]> cpu, int which) {
        return Samples.median(cpu.stream().map(c -> c[which]).toList());
    }

    /** CPU seconds a process has used so far (0 if the system does not say). */
    private static double cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * Seconds from starting {@code cmd} to {@code jshell>} on its standard output; then /exit.
     * Adds to {@code cpu}, if given, the CPU seconds its JVM and the JVMs it started had used then.
     */
    static double toPrompt(List<String> cmd, Path home, Path dir, List<double[]> cpu) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("USMART_") && !k.equals("USMART_KIT_ROOT") && !k.equals("USMART_KIT_CLASSPATH"));
        e.put("HOME", home.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        java.util.concurrent.CompletableFuture.runAsync(p::destroyForcibly,
                java.util.concurrent.CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS)); // a start that hangs ends the case
        StringBuilder seen = new StringBuilder();
        try (InputStream out = p.getInputStream(); OutputStream in = p.getOutputStream()) {
            int b;
            while ((b = out.read()) >= 0) {
                seen.append((char) b);
                if (seen.length() >= 7 && seen.substring(seen.length() - 7).equals("jshell>")) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (cpu != null) {
                        // bin/usmart execs JShell's JVM; JShell starts the snippets' JVM
                        cpu.add(new double[] {cpu(p.toHandle()), p.descendants().mapToDouble(ShellCase::cpu).sum()});
                    }
                    in.write("/exit\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    out.transferTo(OutputStream.nullOutputStream());
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                    return s;
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        throw new IllegalStateException(String.join(" ", cmd) + " showed no prompt; it printed: " + Proc.tail(seen.toString()));
    }
}

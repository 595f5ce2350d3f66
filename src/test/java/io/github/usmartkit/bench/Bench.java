package io.github.usmartkit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/usmart bench [--reps N] [--list] [CASE…]}: the benchmark suite (not a test). Each
 * case runs the kit and a baseline in the same run, taking turns, at least three times; the run
 * ends with one table (case, kit, baseline, ratio as median and min–max, target, met, the
 * machine's load) printed and written to {@code target/bench/} as Markdown and JSON
 * ({@code latest.md}/{@code latest.json} and a time-stamped copy). Run through
 * {@code bin/usmart-bench}, which compiles the test classes and puts them on the class path.
 */
public final class Bench {

    private Bench() {
    }

    static List<BenchCase> cases() {
        return List.of(new UploadCase(), new MemoryCase(), new ViewCase(), new RefreshCase(), new ReplaceRefreshCase(),
                new ShellCase(), new KernelCase(), new ReadCase(), new CatalogueCase(), new PreflightCase(), new BulkCase(),
                new SoakCase());
    }

    public static void main(String[] args) throws Exception {
        int reps = BenchEnv.MIN_REPS;
        List<String> names = new ArrayList<>();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(value(args, ++i, "--reps"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--list", "-l" -> {
                    list();
                    return;
                }
                case "-h", "--help", "help" -> {
                    usage();
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("usmart bench: unknown option '" + args[i] + "'");
                        usage();
                        System.exit(2);
                    }
                    names.add(args[i]);
                }
            }
        }
        if (reps < BenchEnv.MIN_REPS) {
            System.err.println("usmart bench: --reps must be at least " + BenchEnv.MIN_REPS + " (a median and its spread need three)");
            System.exit(2);
        }
        List<BenchCase> chosen = new ArrayList<>();
        Map<String, BenchCase> byName = new LinkedHashMap<>();
        for (BenchCase c : cases()) {
            byName.put(c.name(), c);
        }
        if (names.isEmpty() || names.contains("all")) {
            chosen.addAll(byName.values());
        } else {
            for (String n : names) {
                BenchCase c = byName.get(n);
                if (c == null) {
                    System.err.println("usmart bench: unknown case '" + n + "'; cases: " + String.join(", ", byName.keySet()));
                    System.exit(2);
                }
                chosen.add(c);
            }
        }
        Path root = Path.of(System.getenv().getOrDefault("USMART_KIT_ROOT", ".")).toAbsolutePath().normalize();
        String kitCp = System.getenv("USMART_KIT_CLASSPATH");
        if (kitCp == null || kitCp.isBlank()) {
            System.err.println("usmart bench: USMART_KIT_CLASSPATH is not set: run it through bin/usmart bench");
            System.exit(2);
        }
        Path outDir = out != null ? out : root.resolve("target/bench");
        Files.createDirectories(outDir);
        Path scratch = Files.createTempDirectory("usmart-bench-");
        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        String started = LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        try (Machine machine = new Machine()) {
            BenchEnv env = new BenchEnv(root, kitCp, root.resolve("target/test-classes"), reps, scratch);
            for (BenchCase c : chosen) {
                System.err.println("== " + c.name() + ": " + c.about());
                long t0 = System.nanoTime();
                List<Row> got;
                try {
                    got = c.run(env);
                } catch (Exception | Error e) {
                    // one case failing must not lose the others' figures
                    System.err.println("  " + c.name() + " failed: " + e);
                    e.printStackTrace();
                    got = List.of(Row.skipped(c.name(), "", "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
                double[] load = machine.loadSince(t0);
                double secs = (System.nanoTime() - t0) / 1e9;
                for (Row r : got) {
                    r.loadMean = load[0];
                    r.loadMax = load[1];
                    r.seconds = secs / got.size();
                }
                rows.addAll(got);
                System.err.printf("  (%s: %.0f s, load %.1f, at most %.1f)%n", c.name(), secs, load[0], load[1]);
            }
        } finally {
            BenchEnv.deleteTree(scratch);
        }
        double total = (System.nanoTime() - start) / 1e9;
        Map<String, String> machine = Machine.describe(root);
        String command = "bin/usmart bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
        String md = markdown(rows, machine, command, started, total, reps);
        System.out.println();
        System.out.print(md);
        String stamp = LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Files.writeString(outDir.resolve("latest.md"), md);
        Files.writeString(outDir.resolve("bench-" + stamp + ".md"), md);
        String json = json(rows, machine, command, started, total, reps);
        Files.writeString(outDir.resolve("latest.json"), json);
        Files.writeString(outDir.resolve("bench-" + stamp + ".json"), json);
        System.out.println("written: " + outDir.resolve("latest.md") + ", " + outDir.resolve("latest.json"));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("usmart bench: " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void usage() {
        System.out.println("""
                usage: bin/usmart bench [--reps N] [--out DIR] [CASE…]      (no CASE: every case)
                       bin/usmart bench --list                              the cases, what each compares, how long it takes
                  --reps N   repetitions of each side, taken in turns (default and least: 3)
                  --out DIR  where latest.md / latest.json go (default target/bench)
                """);
        list();
    }

    private static void list() {
        for (BenchCase c : cases()) {
            System.out.printf("  %-16s %s (%s)%n", c.name(), c.about(), c.takes());
        }
    }

    static String markdown(List<Row> rows, Map<String, String> machine, String command, String started, double total, int reps) {
        StringBuilder sb = new StringBuilder();
        sb.append("`").append(command).append("`, ").append(started).append(", ").append(reps)
                .append(" repetitions of each side, taken in turns; ").append(String.format("%.0f", total)).append(" s in all.\n");
        sb.append("Machine: ").append(machine.get("cpu")).append(", ").append(machine.get("cores")).append(" cores, ")
                .append(machine.get("memory")).append(", ").append(machine.get("os")).append("; ").append(machine.get("java"))
                .append("; kit at ").append(machine.get("commit")).append(".\n\n");
        sb.append("| case | kit | baseline | ratio: median (min–max) | target | met | load (mean/max) |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            if (r.skipped != null) {
                sb.append("| ").append(r.name).append(" | ").append(cell(r.skipped)).append(" | | | ").append(cell(r.target))
                        .append(" | not run | |\n");
                continue;
            }
            sb.append("| ").append(r.name)
                    .append(" | ").append(cell(r.kitWhat)).append(": ").append(r.kit.medianText())
                    .append(" | ").append(cell(r.baselineWhat)).append(r.baseline.isEmpty() ? "" : ": " + r.baseline.medianText())
                    .append(" | ").append(r.ratioText())
                    .append(" | ").append(cell(r.target))
                    .append(" | ").append(r.metText())
                    .append(" | ").append(String.format("%.1f/%.1f", r.loadMean, r.loadMax)).append(" |\n");
        }
        boolean anyNotes = rows.stream().anyMatch(r -> !r.notes.isEmpty());
        if (anyNotes) {
            sb.append("\n");
            for (Row r : rows) {
                for (String n : r.notes) {
                    sb.append("- ").append(r.name).append(": ").append(n).append("\n");
                }
            }
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    static String json(List<Row> rows, Map<String, String> machine, String command, String started, double total, int reps)
            throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("command", command);
        root.put("started", started);
        root.put("repetitions", reps);
        root.put("seconds", Math.round(total));
        ObjectNode mc = root.putObject("machine");
        machine.forEach(mc::put);
        ArrayNode a = root.putArray("cases");
        for (Row r : rows) {
            ObjectNode o = a.addObject();
            o.put("case", r.name);
            if (r.skipped != null) {
                o.put("notRun", r.skipped);
                o.put("target", r.target);
                continue;
            }
            ObjectNode k = o.putObject("kit");
            k.put("what", r.kitWhat);
            k.put("unit", r.kit.unit());
            k.put("median", r.kit.median());
            r.kit.values().forEach(k.putArray("values")::add);
            ObjectNode b = o.putObject("baseline");
            b.put("what", r.baselineWhat);
            b.put("unit", r.baseline.unit());
            b.put("median", r.baseline.median());
            r.baseline.values().forEach(b.putArray("values")::add);
            ObjectNode ra = o.putObject("ratio");
            ra.put("median", r.ratioMedian());
            ra.put("min", r.ratioMin());
            ra.put("max", r.ratioMax());
            r.ratios.forEach(ra.putArray("values")::add);
            o.put("target", r.target);
            if (r.met == null) {
                o.putNull("met");
            } else {
                o.put("met", r.met);
            }
            o.put("loadMean", r.loadMean);
            o.put("loadMax", r.loadMax);
            o.put("seconds", Math.round(r.seconds));
            r.notes.forEach(o.putArray("notes")::add);
        }
        return m.writeValueAsString(root);
    }
}

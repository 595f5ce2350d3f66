package io.github.usmartkit.bench;

import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.sandbox.Sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code view}: one {@code dataset:view} by the kit on its kept-alive connection (median of 200
 * calls a repetition) against {@code curl} on a fresh connection ({@code time_total}, median of
 * 20), twice: with the sandbox in the kit's JVM (as in notebooks and tests) and in a JVM of its own
 * ({@code bin/usmart sandbox}). Nagle's algorithm with delayed ACKs would show as about 40 ms;
 * the JVMs are started without {@code -Dsun.net.httpserver.nodelay}, so the sandbox's own setting
 * is what is measured.
 */
final class ViewCase implements BenchCase {
    static final String AIR = "114f8ea9-b5fa-45dd-af46-f9313dd31762";

    @Override
    public String name() {
        return "view";
    }

    @Override
    public String about() {
        return "one dataset:view on the kit's reused connection vs curl on a fresh one; sandbox in-process and in its own JVM";
    }

    @Override
    public String takes() {
        return "about 20 s";
    }

    @Override
    public List<Row> run(BenchEnv env) throws Exception {
        Path dir = env.dir("view");
        List<Row> rows = new ArrayList<>();
        try {
            String before = System.getProperty("sun.net.httpserver.nodelay");
            try (Sandbox sb = Sandbox.start()) {
                Map<String, String> e = Map.of("USMART_BASE_URL", sb.baseUrl(), "USMART_READ_URL", sb.baseUrl(), "USMART_ORG", sb.org(),
                        "USMART_API_KEY_ID", sb.providerKey().id(), "USMART_API_KEY_SECRET", sb.providerKey().secret());
                Row r = measure(env, dir, "view, sandbox in-process", e);
                r.note("sun.net.httpserver.nodelay: " + before + " at the JVM's start, " + System.getProperty("sun.net.httpserver.nodelay")
                        + " once the in-process sandbox started");
                rows.add(r);
            }
            try (SandboxProcess sp = SandboxProcess.start(env, dir, List.of())) {
                rows.add(measure(env, dir, "view, sandbox process", sp.env()));
            }
            return rows;
        } finally {
            BenchEnv.deleteTree(dir);
        }
    }

    private Row measure(BenchEnv env, Path dir, String name, Map<String, String> e) throws Exception {
        Row row = new Row(name, "kit view(), reused connection", new Samples("ms"), "curl, fresh connection", new Samples("ms"),
                "kit ≤ 5 ms");
        Path headers = dir.resolve("headers");
        Files.writeString(headers, "api-key-id: " + e.get("USMART_API_KEY_ID") + "\napi-key-secret: " + e.get("USMART_API_KEY_SECRET")
                + "\nContent-Type: application/json\n");
        String url = e.get("USMART_BASE_URL") + "/org/" + e.get("USMART_ORG") + "/dataset:view";
        try (USmart usmart = session(e)) {
            Dataset air = usmart.dataset(AIR);
            for (int i = 0; i < 200; i++) {
                air.view();
            }
            env.interleave(row, env.reps, i -> {
                List<Double> ms = new ArrayList<>();
                for (int k = 0; k < 200; k++) {
                    long t0 = System.nanoTime();
                    air.view();
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
                return Samples.median(ms);
            }, i -> {
                List<Double> ms = new ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    Proc.Result r = Proc.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-H", "@" + headers,
                            "-d", "{\"datasetGUID\":\"" + AIR + "\"}", url), null, 30);
                    String[] t = r.out().strip().split(" ");
                    if (!t[0].equals("200")) {
                        throw new IllegalStateException("curl dataset:view answered " + t[0]);
                    }
                    ms.add(Double.parseDouble(t[1]) * 1000);
                }
                return Samples.median(ms);
            }, Ratio.KIT_OVER_BASELINE);
        }
        return row.judge(r -> r.kit.median() <= 5);
    }

    /** A kit session from USMART_* settings only: no credentials file, no history written. */
    static USmart session(Map<String, String> e) {
        return USmart.builder().home(null).environment(e).history(null).connect();
    }
}

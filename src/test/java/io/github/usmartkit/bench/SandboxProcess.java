package io.github.usmartkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox in a JVM of its own ({@code SandboxMain}, as {@code bin/usmart sandbox} runs it), so
 * that the kit and its baseline (curl, Python) reach the same server from outside and the
 * sandbox's CPU and memory can be told apart from the client's. The Provider key comes through
 * its {@code --env-file}; the secret is never printed.
 */
final class SandboxProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SandboxProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts it with {@code jvmOpts} and {@code args} (e.g. {@code --data DIR}, {@code --faults SPEC}),
     * its env file in {@code dir}, and waits until it listens.
     */
    static SandboxProcess start(BenchEnv env, Path dir, List<String> jvmOpts, String... args) throws IOException {
        Path envFile = dir.resolve("sandbox.env");
        Files.deleteIfExists(envFile);
        List<String> a = new ArrayList<>(List.of("--env-file", envFile.toString()));
        a.addAll(List.of(args));
        List<String> cmd = Proc.javaCmd(jvmOpts, env.kitClasspath, "io.github.usmartkit.sandbox.SandboxMain", a.toArray(String[]::new));
        Path log = dir.resolve("sandbox.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SandboxProcess s = new SandboxProcess(p);
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains("listening")) {
                for (String line : Files.readAllLines(envFile)) {
                    int eq = line.indexOf('=');
                    if (!line.startsWith("#") && eq > 0) {
                        s.env.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
                return s;
            }
            if (!p.isAlive()) {
                break;
            }
            sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the sandbox did not start: " + Proc.tail(Files.exists(log) ? Files.readString(log) : ""));
    }

    /** USMART_BASE_URL, USMART_READ_URL, USMART_ORG, USMART_API_KEY_ID, USMART_API_KEY_SECRET. */
    Map<String, String> env() {
        return Map.copyOf(env);
    }

    String baseUrl() {
        return env.get("USMART_BASE_URL");
    }

    String org() {
        return env.get("USMART_ORG");
    }

    long pid() {
        return process.pid();
    }

    /** A control-plane action with the Provider key; its {@code result}. */
    JsonNode action(String name, String body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/org/" + org() + "/" + name))
                .header("Content-Type", "application/json")
                .header("api-key-id", env.get("USMART_API_KEY_ID"))
                .header("api-key-secret", env.get("USMART_API_KEY_SECRET"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(name + " answered " + r.statusCode());
        }
        return JSON.readTree(r.body()).path("result");
    }

    /** {@code s3:generatePutRequest}: {signedRequest, contentType, reference}. Never print the URL. */
    JsonNode signedPut(String fileName) throws IOException, InterruptedException {
        return action("s3:generatePutRequest", JSON.createObjectNode().put("fileName", fileName).toString());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

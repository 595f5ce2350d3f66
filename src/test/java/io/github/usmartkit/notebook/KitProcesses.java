package io.github.usmartkit.notebook;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.usmartkit.testing.Processes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the kit's launchers, Jupyter and Chromium as real processes for the integration tests.
 * The kit is the jar `mvn package` just built plus its runtime class path (target/runtime-classpath.txt),
 * so no nested Maven build runs.
 */
final class KitProcesses {

    static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    /** Debian's Jupyter, by full path: the first python3/jupyter on PATH may be another installation. */
    static final Path JUPYTER = Path.of(System.getProperty("usmart.jupyter", "/usr/bin/jupyter"));
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** What a finished process said. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + "\n--- stderr ---\n" + err;
        }
    }

    private KitProcesses() {
    }

    /** The packaged kit jar followed by its runtime dependencies. */
    static String kitClasspath() {
        try (Stream<Path> jars = Files.list(ROOT.resolve("target"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("usmart-kit-.*\\.jar")
                            && !p.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/usmart-kit-*.jar: run these tests with `mvn verify`"));
            String deps = Files.readString(ROOT.resolve("target/runtime-classpath.txt")).strip();
            return jar + File.pathSeparator + deps;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the kit's class path: run these tests with `mvn verify`", e);
        }
    }

    /** Environment for the kit's command line, as bin/usmart would set it, with no real credentials. */
    static Map<String, String> kitEnv(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("USMART_KIT_ROOT", ROOT.toString());
        env.put("USMART_KIT_CLASSPATH", kitClasspath());
        // A fresh HOME: no ~/.usmart/credentials, so everything runs against the sandbox.
        env.put("HOME", home.toString());
        env.put("MAVEN_REPO", System.getProperty("user.home") + "/.m2/repository");
        return env;
    }

    /** The kit's command line, {@code java -cp KIT io.github.usmartkit.cli.Main ARGS} (bin/usmart without its build check). */
    static List<String> usmart(String... args) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", kitClasspath(),
                "io.github.usmartkit.cli.Main"));
        c.addAll(List.of(args));
        return c;
    }

    static Result run(List<String> command, Map<String, String> env, Path dir, Duration timeout, String stdin) {
        Processes.Result r = Processes.run(command, e -> {
            e.keySet().removeIf(k -> k.startsWith("USMART_") || k.startsWith("JUPYTER"));
            e.putAll(env);
        }, dir, timeout, stdin);
        return new Result(r.exit(), r.out(), r.err());
    }

    /**
     * Skips the calling test LOUDLY when {@code tool} is missing, and fails instead when
     * USMART_REQUIRE_JUPYTER=1 (CI sets it: there the tools must be present).
     */
    static void requireTool(Path tool, String packages) {
        if (Files.isExecutable(tool)) {
            return;
        }
        String message = "\n*** " + tool + " is not installed: notebook tests NOT RUN. Install with\n"
                + "***   apt-get install -y --no-install-recommends " + packages + "\n";
        if ("1".equals(System.getenv("USMART_REQUIRE_JUPYTER"))) {
            fail(message + "*** USMART_REQUIRE_JUPYTER=1, so this is a failure.");
        }
        System.err.println(message);
        Assumptions.abort(message);
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}

package io.github.usmartkit.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.usmartkit.testing.Processes;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command line as real processes, for the *IT tests: {@code java -cp KIT io.github.usmartkit.cli.Main …}
 * with the jar {@code mvn package} just built, in an environment made from nothing (so neither the
 * developer's credentials nor their locale leak in), against one sandbox process per test class.
 */
final class CliProcesses {

    static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** What a finished process said. */
    record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private CliProcesses() {
    }

    /** The packaged kit jar, then its runtime dependencies. */
    static String classpath() {
        try (Stream<Path> jars = Files.list(ROOT.resolve("target"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("usmart-kit-.*\\.jar")
                            && !p.getFileName().toString().endsWith("-sources.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/usmart-kit-*.jar: run these tests with `mvn verify`"));
            return jar + File.pathSeparator + Files.readString(ROOT.resolve("target/runtime-classpath.txt")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the kit's class path: run these tests with `mvn verify`", e);
        }
    }

    /** {@code java -cp KIT Main ARGS}, started as quickly as a JVM can be (see {@link #fastStart()}). */
    static List<String> usmart(String... args) {
        List<String> c = new ArrayList<>(List.of(JAVA));
        c.addAll(fastStart());
        c.addAll(List.of("-cp", classpath(), "io.github.usmartkit.cli.Main"));
        c.addAll(List.of(args));
        return c;
    }

    private static List<String> fastStart;

    /**
     * The client compiler and the serial collector, and the JVM's own warnings (a class-data archive it
     * cannot use) on standard error rather than standard output, where they would break a JSON document.
     */
    static final List<String> QUICK = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xlog:disable",
            "-Xlog:all=warning:stderr");

    /**
     * JVM options that make these short-lived processes start in about half the time on a loaded
     * 2-core machine (they are tests of behaviour, not of speed): the client compiler only, the
     * serial collector, and a class-data archive of the kit's classes made once per build
     * ({@code target/cli-it.jsa}, by a first run that dumps what it loaded).
     */
    static synchronized List<String> fastStart() {
        if (fastStart != null) {
            return fastStart;
        }
        List<String> base = QUICK;
        Path archive = ROOT.resolve("target/cli-it.jsa");
        try {
            String cp = classpath();
            Path jar = Path.of(cp.substring(0, cp.indexOf(File.pathSeparator)));
            if (!Files.exists(archive) || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Files.deleteIfExists(archive);
                Path home = Files.createTempDirectory("usmart-cds");
                List<String> dump = new ArrayList<>(List.of(JAVA, "-XX:ArchiveClassesAtExit=" + archive));
                dump.addAll(base);
                dump.addAll(List.of("-cp", cp, "io.github.usmartkit.cli.Main", "history", "--json"));
                run(dump, baseEnv(home), home, Duration.ofMinutes(2), null);
            }
        } catch (IOException e) {
            // no archive: the processes start a little slower
        }
        List<String> opts = new ArrayList<>(base);
        if (Files.isRegularFile(archive)) {
            opts.add("-XX:SharedArchiveFile=" + archive);
        }
        fastStart = List.copyOf(opts);
        return fastStart;
    }

    /** A minimal environment: PATH, HOME, a UTF-8 locale, the kit's checkout. Nothing else of this JVM's. */
    static Map<String, String> baseEnv(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("USMART_KIT_ROOT", ROOT.toString());
        return env;
    }

    /** Runs {@code command} with exactly {@code env}; fails the test if it outlives {@code timeout}. */
    static Result run(List<String> command, Map<String, String> env, Path dir, Duration timeout, String stdin) {
        Processes.Result r = Processes.run(command, e -> {
            e.clear();
            e.putAll(env);
        }, dir, timeout, stdin);
        return new Result(r.exit(), r.out(), r.err());
    }

    /**
     * A copy of the kit's checkout as bin/usmart needs it already built (the shim, the jar, the class
     * path file, the kernel patch, the start-up scripts): running bin/usmart from it never starts Maven.
     */
    static Path kitCopy(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("target"));
        Path shim = Files.copy(ROOT.resolve("bin/usmart"), dir.resolve("bin/usmart"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        String cp = classpath();
        String jar = cp.substring(0, cp.indexOf(File.pathSeparator));
        Files.copy(Path.of(jar), dir.resolve("target/usmart-kit.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("target/classpath.txt"), cp.substring(cp.indexOf(File.pathSeparator) + 1) + "\n");
        Files.copy(ROOT.resolve("target/usmart-kernel-patch.jar"), dir.resolve("target/usmart-kernel-patch.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(dir.resolve("jshell-startup"));
        try (Stream<Path> s = Files.list(ROOT.resolve("jshell-startup"))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve("jshell-startup").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /** A sandbox in its own process ({@code usmart sandbox --env-file}), shared by a test class. */
    static final class SandboxProcess implements AutoCloseable {
        private final Process process;
        final Map<String, String> env = new HashMap<>();
        final String url;

        SandboxProcess(Path work) throws IOException, InterruptedException {
            Path envFile = work.resolve("sandbox.env");
            ProcessBuilder pb = new ProcessBuilder(usmart("sandbox", "--env-file", envFile.toString(), "--processing-delay", "50"))
                    .directory(work.toFile()).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(baseEnv(work));
            process = pb.start();
            CountDownLatch listening = new CountDownLatch(1);
            StringBuilder said = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (said) {
                            said.append(line).append('\n');
                        }
                        if (line.contains("Ctrl-C stops it")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "sandbox-output");
            reader.setDaemon(true);
            reader.start();
            if (!listening.await(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                synchronized (said) {
                    fail("the sandbox did not start:\n" + said);
                }
            }
            for (String line : Files.readAllLines(envFile)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            url = env.get("USMART_BASE_URL");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

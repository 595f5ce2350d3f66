package io.github.usmartkit.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Installs the "Java (usmart-kit)" Jupyter kernel: rapaio-jupyter-kernel with the kit, and (unless
 * asked not to) the kit's kernel patch before the kernel jar: {@link #install(Request)}, which
 * {@code usmart kernel install} ({@link KernelCommand}) calls.
 *
 * <p>The kernelspec folder gets copies of what the kernel runs (the kernel jar, the kit jar, the patch
 * jar, {@code usmart.jsh}), so a later {@code mvn clean} does not break an installed kernel; the kit's
 * dependencies stay in the local Maven repository. The kernelspec names no target: the kernel decides
 * at each start whether it runs against a local sandbox ({@code USMART_SANDBOX=1} in its environment)
 * or the organisation of the credentials it finds then.
 */
public final class KernelInstall {

    /** The kernel's name unless {@code --name} says otherwise. */
    public static final String DEFAULT_NAME = "usmart-kit";
    /** The patch's start class: quiet start, one line saying where the kit is connected. */
    static final String PATCHED_MAIN = "io.github.usmartkit.kernelpatch.KernelMain";
    /** rapaio's own start class, used with {@code --no-fix}. */
    static final String RAPAIO_MAIN = "org.rapaio.jupyter.kernel.MainApp";
    /** The kernel's class-data archive in its kernelspec folder ({@link #archive}). */
    static final String ARCHIVE = "usmart-kernel.jsa";

    private static final String VERSIONS = "/io/github/usmartkit/usmart-kit.properties";
    private static final Pattern KERNEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KernelInstall() {
    }

    /**
     * What to install.
     *
     * @param kernelsDir   the {@code jupyter/kernels} folder the kernelspec goes in
     * @param name         the kernelspec's name (its folder)
     * @param patch        whether to put the kernel patch before the kernel jar (false only to measure it)
     * @param kitRoot      the kit's checkout: {@code jshell-startup/usmart.jsh} and {@code target/usmart-kernel-patch.jar}
     * @param kitClasspath the kit jar (or classes folder) first, then its runtime dependencies
     * @param mavenRepo    the local Maven repository holding rapaio-jupyter-kernel
     */
    public record Request(Path kernelsDir, String name, boolean patch, Path kitRoot, List<String> kitClasspath, Path mavenRepo) {
        public Request {
            Objects.requireNonNull(kernelsDir, "kernelsDir");
            Objects.requireNonNull(kitRoot, "kitRoot");
            Objects.requireNonNull(mavenRepo, "mavenRepo");
            kitClasspath = List.copyOf(kitClasspath);
            if (name == null || !KERNEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("kernel name '" + name + "' must be letters, digits, '.', '_' or '-' (Jupyter's rule)");
            }
            if (kitClasspath.isEmpty()) {
                throw new IllegalArgumentException("the kit's class path is empty");
            }
        }
    }

    /** kernel.json, as Jupyter reads it. */
    record KernelSpec(List<String> argv,
                      @JsonProperty("display_name") String displayName,
                      String language,
                      @JsonProperty("interrupt_mode") String interruptMode,
                      Map<String, String> env) {
    }

    /**
     * Writes the kernelspec {@code kernelsDir/name} (replacing one that is there) and returns its folder.
     *
     * @throws NoSuchFileException if the kernel jar, the patch jar or {@code usmart.jsh} is missing
     *                             (the message says how to get it)
     * @throws IOException         if a file cannot be copied or written
     */
    public static Path install(Request r) throws IOException {
        Path rapaio = rapaioJar(r.mavenRepo());
        Path startup = r.kitRoot().resolve("jshell-startup/usmart.jsh");
        Path patchJar = r.kitRoot().resolve("target/usmart-kernel-patch.jar");
        requireFile(startup, "the kit's JShell start-up script; is " + r.kitRoot() + " the kit's folder?");
        if (r.patch()) {
            requireFile(patchJar, "the kernel patch, built by `mvn -B package` (bin/usmart builds it on first use)");
        }

        Path dir = r.kernelsDir().resolve(r.name());
        Files.createDirectories(dir);
        copy(rapaio, dir.resolve("rapaio-jupyter-kernel.jar"));
        copy(startup, dir.resolve("usmart.jsh"));
        List<String> kitCp = new ArrayList<>(r.kitClasspath());
        Path kitJar = Path.of(kitCp.get(0));
        if (Files.isRegularFile(kitJar)) {
            kitCp.set(0, copy(kitJar, dir.resolve("usmart-kit.jar")).toString());
        }
        List<String> jvmCp = new ArrayList<>();
        Path installedPatch = dir.resolve("usmart-kernel-patch.jar");
        if (r.patch()) {
            // BEFORE the kernel jar: the patched classes (and logging.properties) shadow rapaio's own.
            jvmCp.add(copy(patchJar, installedPatch).toString());
        } else {
            Files.deleteIfExists(installedPatch);
        }
        jvmCp.add(dir.resolve("rapaio-jupyter-kernel.jar").toString());
        // The kit on the kernel JVM's class path (so the kernel's ServiceLoader finds the kit's display
        // provider) and in RJK_CLASSPATH (so JShell compiles cells against it). Never the kernel jar in
        // RJK_CLASSPATH: cells see the kit, not the kernel's insides.
        jvmCp.addAll(kitCp);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("RJK_CLASSPATH", String.join(";", kitCp));
        env.put("RJK_INIT_SCRIPT", dir.resolve("usmart.jsh").toString());
        env.put("RJK_TIMEOUT_MILLIS", "-1");
        List<String> argv = new ArrayList<>(List.of(javaCommand(), "-Djava.awt.headless=true", "-Dslf4j.internal.verbosity=ERROR"));
        Path archive = dir.resolve(ARCHIVE);
        Files.deleteIfExists(archive);
        if (r.patch() && archive(jvmCp, env, archive)) {
            argv.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable", "-Xlog:all=error:stderr"));
        }
        argv.addAll(List.of("-cp", String.join(File.pathSeparator, jvmCp), r.patch() ? PATCHED_MAIN : RAPAIO_MAIN, "{connection_file}"));
        KernelSpec spec = new KernelSpec(List.copyOf(argv),
                r.name().equals(DEFAULT_NAME) ? "Java (usmart-kit)" : "Java (usmart-kit: " + r.name() + ")",
                "java", "message", env);
        Path json = dir.resolve("kernel.json");
        Path tmp = dir.resolve("kernel.json.tmp");
        JSON.writeValue(tmp.toFile(), spec);
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /**
     * Makes the kernel's class-data archive: the kernel JVM started once with {@code --train} (it builds
     * rapaio's kernel, JShell and the init script, connects the kit to a sandbox, and exits) dumps the
     * classes it loaded, so that every start of the kernel maps them rather than loading and verifying
     * them (javac's, JShell's, rapaio's, the kit's: about a third of a second of its start here). A
     * failed or slow run leaves no archive, and the kernel starts without one, as before.
     */
    private static boolean archive(List<String> jvmCp, Map<String, String> env, Path archive) {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
        try {
            Path home = Files.createTempDirectory("usmart-kernel-train");
            ProcessBuilder pb = new ProcessBuilder(javaCommand(), "-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:disable",
                    "-Xlog:all=error:stderr", "-Djava.awt.headless=true", "-Dslf4j.internal.verbosity=ERROR",
                    "-cp", String.join(File.pathSeparator, jvmCp), PATCHED_MAIN, "--train")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().keySet().removeIf(k -> k.startsWith("USMART_"));
            pb.environment().putAll(env);
            pb.environment().put("USMART_SANDBOX", "1"); // a sandbox in the training JVM: its classes too, no keys needed
            pb.environment().put("HOME", home.toString());
            Process p = pb.start();
            boolean done = p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            if (done && p.exitValue() == 0 && Files.size(tmp) > 0) {
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        } catch (IOException e) {
            // no archive: the kernel starts as it did without one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // nothing to clean
        }
        return false;
    }

    /**
     * {@code ${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels}, where Jupyter looks for a user's
     * kernels. From {@code HOME}, as Jupyter itself resolves it, not Java's {@code user.home}.
     */
    public static Path userKernelsDir(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "jupyter", "kernels");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "share", "jupyter", "kernels");
    }

    /** {@code PREFIX/share/jupyter/kernels} (Jupyter finds it with {@code JUPYTER_PATH=PREFIX/share/jupyter}). */
    public static Path prefixKernelsDir(Path prefix) {
        return prefix.resolve("share/jupyter/kernels");
    }

    /** The local Maven repository: {@code MAVEN_REPO}, else {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    public static Path mavenRepo(Map<String, String> env) {
        String repo = env.get("MAVEN_REPO");
        if (repo == null || repo.isBlank()) {
            repo = System.getProperty("maven.repo.local");
        }
        return repo == null || repo.isBlank() ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(repo);
    }

    /** The version of rapaio-jupyter-kernel the kit is built against (the pom's {@code rapaio.version}). */
    public static String rapaioVersion() {
        return version("rapaio.version");
    }

    /** The kit's own version. */
    public static String kitVersion() {
        return version("kit.version");
    }

    private static String version(String key) {
        Properties p = new Properties();
        try (InputStream in = KernelInstall.class.getResourceAsStream(VERSIONS)) {
            if (in == null) {
                throw new IllegalStateException(VERSIONS + " is not on the class path: build the kit with Maven (mvn -B package)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + VERSIONS + ": " + e.getMessage(), e);
        }
        String v = p.getProperty(key, "");
        if (v.isBlank() || v.startsWith("${")) {
            throw new IllegalStateException(key + " is not filled in " + VERSIONS + " (built without Maven's resource filtering?)");
        }
        return v;
    }

    static Path rapaioJar(Path repo) throws NoSuchFileException {
        String v = rapaioVersion();
        Path jar = repo.resolve("io/github/padreati/rapaio-jupyter-kernel/" + v + "/rapaio-jupyter-kernel-" + v + ".jar");
        requireFile(jar, "rapaio-jupyter-kernel " + v + " (io.github.padreati:rapaio-jupyter-kernel:" + v + "), which Maven "
                + "fetches when it builds the kit (`mvn -B package`); or set MAVEN_REPO to the local Maven repository holding it");
        return jar;
    }

    private static void requireFile(Path file, String what) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not found: " + what);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** The java command of this JVM, which the kernel will run with. */
    private static String javaCommand() throws IOException {
        return Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
    }
}

package io.github.usmartkit.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The kit shell's own JShell preferences (its feedback mode and its history), in
 * {@code ~/.usmart/jshell/prefs.properties}: the user's plain {@code jshell} and its settings are
 * left alone. The mode, "usmart", is JShell's normal mode that never cuts a value short (normal cuts
 * values at 80 or 1000 characters, mid-row for a table). JShell defines its modes after any start-up
 * file has run, so a mode built on "normal" can only come from retained preferences: it is made once
 * per Java feature release, by a JShell that runs only the commands that make it.
 */
final class ShellPrefs {

    /** The Java release the retained mode was made by (the format of a mode may change between releases). */
    static final String MADE_BY = "usmart.mode.java";

    private static final String MAKE_MODE = String.join("\n", "/set mode usmart normal -command", "/set truncation usmart 1000000",
            "/set mode usmart -retain", "/set feedback usmart -retain", "/exit", "");

    private final Path file;
    private final Map<String, String> prefs;

    private ShellPrefs(Path file, Map<String, String> prefs) {
        this.file = file;
        this.prefs = prefs;
    }

    /** The preferences under {@code home} (in memory only when there is no home to keep them in). */
    static ShellPrefs load(Path home) {
        Map<String, String> prefs = new HashMap<>();
        Path file = null;
        if (home != null) {
            Path dir = home.resolve(".usmart").resolve("jshell");
            try {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                file = dir.resolve("prefs.properties");
                if (Files.isRegularFile(file)) {
                    Properties p = new Properties();
                    try (InputStream in = Files.newInputStream(file)) {
                        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                    }
                    p.stringPropertyNames().forEach(k -> prefs.put(k, p.getProperty(k)));
                }
            } catch (IOException | UnsupportedOperationException e) {
                file = null; // JShell's normal mode, and no history kept
            }
        }
        return new ShellPrefs(file, prefs);
    }

    /** What JShell reads and writes its preferences through. */
    Map<String, String> map() {
        return prefs;
    }

    /** Makes the kit's mode, unless this Java release made it already. Costs one JShell start, once. */
    void ensureMode() {
        String release = String.valueOf(Runtime.version().feature());
        if (release.equals(prefs.get(MADE_BY))) {
            return;
        }
        Map<String, String> made = new HashMap<>();
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        try {
            jdk.jshell.tool.JavaShellToolBuilder.builder().in(new ByteArrayInputStream(MAKE_MODE.getBytes(StandardCharsets.UTF_8)), null)
                    .out(none).err(none).persistence(made).start("--execution", "local", "--no-startup", "-q");
        } catch (Exception e) {
            return; // the normal mode then: values may be cut short, nothing else changes
        }
        // Those commands were set-up, not the user's history.
        made.keySet().removeIf(k -> k.startsWith("HISTORY"));
        if (made.keySet().stream().anyMatch(k -> k.startsWith("MODE"))) {
            prefs.putAll(made);
            prefs.put(MADE_BY, release);
        }
    }

    /** Keeps them for the next shell (owner-only: the history may hold what was typed). */
    void save() {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        new TreeMap<>(prefs).forEach(p::setProperty);
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".prefs-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "usmart shell: JShell preferences of the kit's shell");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // the next shell starts without this session's history; nothing else is lost
        }
    }
}

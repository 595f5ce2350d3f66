package io.github.usmartkit.cli;

import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command runs with: the environment, standard output (results only), standard error (for
 * people), standard input, and the kit's checkout. In-process tests make their own.
 *
 * @param env     the environment ({@code System.getenv()})
 * @param out     where results go (a JSON document with {@code --json})
 * @param err     where everything for a person goes: progress, what was connected, errors
 * @param in      standard input (answers to {@code configure}, a script given as {@code -})
 * @param process whether this is the real process ({@code usmart …}), whose console {@code configure}
 *                may use; false in tests
 */
record Context(Map<String, String> env, PrintStream out, PrintStream err, InputStream in, boolean process) {

    /**
     * The kit's checkout (its {@code jshell-startup/}, {@code notebooks/}, {@code bin/}, {@code target/}):
     * {@code USMART_KIT_ROOT} as {@code bin/usmart} exports it, else the folder above the kit jar's {@code target/}.
     *
     * @throws ConfigurationException if neither is one
     */
    Path kitRoot() {
        String given = env.get("USMART_KIT_ROOT");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        try {
            Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent() == null ? null : code.getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve("jshell-startup"))) {
                return root;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the error: there is no checkout to find
        }
        throw new ConfigurationException(Failure.of("usmart", null, "cannot find the kit's folder (its jshell-startup/, notebooks/ and bin/)",
                "Run the command through bin/usmart, or set USMART_KIT_ROOT to the kit's checkout"), null,
                java.util.List.of("USMART_KIT_ROOT"));
    }

    /** This JVM's class path: the kit jar first, then its runtime dependencies. */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** The class path as a list. */
    static java.util.List<String> classpathEntries() {
        return java.util.Arrays.asList(classpath().split(File.pathSeparator));
    }

    /** Whether the environment sets {@code name} to {@code 1} or {@code true} (as {@code Kit.connect()} reads USMART_SANDBOX). */
    boolean flag(String name) {
        String v = env.get(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }
}

package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/usmart sandbox [--port N] [--data DIR] [--env-file PATH] [--faults SPEC] [--bind ADDR]}:
 * runs the sandbox until Ctrl-C or SIGTERM. Prints the base URL and key ids, never a secret;
 * {@code --env-file} writes the Provider key's secret to a file readable by its owner only.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static final String USAGE = """
            usage: bin/usmart sandbox [--port N] [--data DIR] [--env-file PATH] [--faults SPEC] [--bind ADDR] [--log]
                                  [--processing-delay MS] [--orphan-ttl D]
              --port N         port to listen on (default: a free one)
              --data DIR       keep state in DIR so that it survives a restart (default: a temp dir, deleted on stop)
              --env-file PATH  write USMART_BASE_URL, USMART_READ_URL, USMART_ORG, USMART_API_KEY_ID and
                               USMART_API_KEY_SECRET (the Provider key) to PATH, mode 600
              --faults SPEC    random fault injection, e.g. seed=7,5xx=0.1,429=0.05,reset=0.05,slow=0.1,delay=2s,expire=0.1,lost=0.1
              --bind ADDR      address to listen on (default 127.0.0.1, loopback only)
              --log            print one line a request: method, path, what the client met (status, reset, an
                               injected fault such as slow 2s or lost-after-apply), time; never a query string
              --processing-delay MS  length of each pipeline stage in ms (default 200)
              --orphan-ttl D   delete uploads never registered after D, e.g. 30m, 1h, PT2H (default 1h)
            """;

    /** Starts the sandbox and blocks until the JVM is asked to stop; returns an exit code on bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Sandbox.Builder b = Sandbox.builder();
        Path envFile = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--port" -> b.port(intArg(args, ++i, a));
                    case "--data" -> b.dataDir(Path.of(arg(args, ++i, a)));
                    case "--env-file" -> envFile = Path.of(arg(args, ++i, a));
                    case "--faults" -> b.faults(arg(args, ++i, a));
                    case "--bind" -> b.bind(arg(args, ++i, a));
                    case "--log" -> b.requestLog(out);
                    case "--processing-delay" -> b.processingDelay(java.time.Duration.ofMillis(intArg(args, ++i, a)));
                    case "--orphan-ttl" -> b.orphanTtl(durationArg(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("usmart sandbox: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Sandbox sandbox;
        try {
            sandbox = b.start();
        } catch (RuntimeException e) {
            err.println("usmart sandbox: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            err.println("usmart sandbox: stopped");
            stopped.countDown();
        }, "usmart-sandbox-shutdown"));
        if (envFile != null) {
            try {
                writeEnvFile(envFile, sandbox);
            } catch (UncheckedIOException e) {
                err.println("usmart sandbox: " + e.getMessage());
                sandbox.close();
                return 1;
            }
        }
        out.println("uSmart sandbox listening on " + sandbox.baseUrl());
        out.println("  organisation   " + sandbox.org() + " (Demo City Council)");
        out.println("  viewer key     " + sandbox.viewerKey().id());
        out.println("  provider key   " + sandbox.providerKey().id());
        out.println("  admin key      " + sandbox.adminKey().id());
        out.println("  state          " + sandbox.dataDir());
        if (!sandbox.faults().spec().equals("off")) {
            out.println("  faults         " + sandbox.faults().spec());
        }
        out.println(envFile != null
                ? "  secrets        in " + envFile.toAbsolutePath() + " (mode 600; source it: set -a; . " + envFile + "; set +a)"
                : "  secrets        not printed; use --env-file PATH to get the Provider key's secret");
        out.println("Ctrl-C stops it.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String arg(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int intArg(String[] args, int i, String option) {
        String v = arg(args, i, option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + v + "'");
        }
    }

    private static java.time.Duration durationArg(String[] args, int i, String option) {
        String v = arg(args, i, option);
        java.time.Duration d = Durations.parse(v);
        if (d == null) {
            throw new IllegalArgumentException(option + " needs a duration such as " + Durations.EXAMPLES + ", not '" + v + "'");
        }
        return d;
    }

    /** Writes the env file atomically, created with mode 600 before any secret goes in. */
    static void writeEnvFile(Path file, Sandbox sb) {
        String text = "# uSmart sandbox credentials (Provider key). Keep this file private.\n"
                + "USMART_BASE_URL=" + sb.baseUrl() + "\n"
                + "USMART_READ_URL=" + sb.baseUrl() + "\n"
                + "USMART_ORG=" + sb.org() + "\n"
                + "USMART_API_KEY_ID=" + sb.providerKey().id() + "\n"
                + "USMART_API_KEY_SECRET=" + sb.providerKey().secret() + "\n";
        Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
            SandboxStore.writePrivate(abs, text.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the env file " + abs + ": " + e.getMessage(), e);
        }
    }
}

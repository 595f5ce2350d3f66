package io.github.usmartkit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Whole processes, timed by the suite: run, wait, capture, and what /proc says of them. */
final class Proc {
    private Proc() {
    }

    /** A finished process: exit code, its output, and the wall time from start to exit. */
    record Result(int code, String out, String err, long nanos) {
        double seconds() {
            return nanos / 1e9;
        }

        Result orThrow(String what) {
            if (code != 0) {
                throw new IllegalStateException(what + " failed (exit " + code + "): " + tail(err.isBlank() ? out : err));
            }
            return this;
        }
    }

    /**
     * Fails the case at once, saying which package to install, when Debian's Python 3 lacks a
     * module a baseline needs ({@code .ci/run} installs them; a fresh machine may not have them).
     */
    static void requirePython(String module, String debianPackage) throws IOException {
        Result r = run(List.of("/usr/bin/python3", "-c", "import " + module), null, 60);
        if (r.code() != 0) {
            throw new IllegalStateException("this case's baseline needs Python 3's " + module + " module, which /usr/bin/python3"
                    + " cannot import: install it with `apt-get install " + debianPackage + "` (as .ci/run does) and run the case again");
        }
    }

    static String tail(String s) {
        String t = s.strip();
        return t.length() > 2000 ? "…" + t.substring(t.length() - 2000) : t;
    }

    /** Runs {@code cmd} with {@code env} added to the environment (null: as is), at most {@code timeoutSeconds}. */
    static Result run(List<String> cmd, Map<String, String> env, long timeoutSeconds) throws IOException {
        return run(cmd, env, null, timeoutSeconds);
    }

    static Result run(List<String> cmd, Map<String, String> env, Path dir, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (env != null) {
            pb.environment().putAll(env);
        }
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + "… did not end within "
                        + timeoutSeconds + " s");
            }
            long ns = System.nanoTime() - t0;
            return new Result(p.exitValue(), out.join(), err.join(), ns);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** The java launcher of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java OPTS -cp CP MAIN ARGS}. */
    static List<String> javaCmd(List<String> opts, String cp, String main, String... args) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(opts);
        c.add("-cp");
        c.add(cp);
        c.add(main);
        c.addAll(List.of(args));
        return c;
    }

    /** User plus system CPU seconds a live process has used so far ({@code /proc/PID/stat}); NaN if it cannot tell. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime), counted from after the command name
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds a live JVM's JIT compiler threads ({@code C1/C2 CompilerThread}) have used so
     * far, from {@code /proc/PID/task/}: on two cores a burst of compiling competes with the
     * calls being timed, and a few repetitions never reach the steady state. Threads that ended
     * are not counted (the compiler's stay); NaN if it cannot tell.
     */
    static double compilerCpuSeconds(long pid) {
        long ticks = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Peak resident set of a live process so far ({@code VmHWM}), in MiB; NaN if it cannot tell. */
    static double peakRssMib(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.github.usmartkit.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a real process for a test: standard input given and closed, its output and error taken
 * through files (a pipe left unread could block it), the test failed if it outlives its time
 * (its children are ended too). The integration tests' helpers (cli.CliProcesses,
 * notebook.KitProcesses) each prepare the environment their way and run through this.
 */
public final class Processes {

    /** What a finished process said. */
    public record Result(int exit, String out, String err) {
    }

    private Processes() {
    }

    /** Runs {@code command} in {@code dir}, its environment as {@code environment} leaves it. */
    public static Result run(List<String> command, Consumer<Map<String, String>> environment, Path dir, Duration timeout,
                             String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        environment.accept(pb.environment());
        try {
            Path out = Files.createTempFile("usmart-it", ".out");
            Path err = Files.createTempFile("usmart-it", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("timed out after " + timeout + ": " + command + "\n" + Files.readString(err));
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

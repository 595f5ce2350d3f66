package io.github.usmartkit.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usmartkit.Dataset;
import io.github.usmartkit.USmart;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.ProcessingReport;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.upload.PublishReport;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One thread of the soak: its own session (and history file), its own home file and pipeline in a
 * home dataset, and files it adds to another dataset. It draws operations until told to stop:
 * replace → refresh → await on its home file, add a new file, createPipeline for a file it added,
 * publish its home file. Every file it sends is new content (the operation's id is in its rows),
 * so that each write can be told from every other in the sandbox's state afterwards.
 */
final class SoakWorker implements Runnable {

    /** How long an operation waits for processing (awaitProcessed's and publish's timeout). */
    static final Duration AWAIT = Duration.ofSeconds(60);
    static final String PIPELINE_ID = "csv-to-api";
    private static final UploadOptions QUIET = UploadOptions.defaults().progress(ProgressListener.none());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Soak.Home home;
    private final USmart usmart;
    private final Random random;
    private final Path dir;
    private final Path history;
    private final BooleanSupplier more;
    private final Consumer<SoakOp> done;
    private final AtomicInteger ids;
    private final long t0;
    private final String prefix;
    /** Files this thread added (and was told so), waiting for a pipeline: each gets one createPipeline at most. */
    private final Deque<String> withoutPipeline = new ArrayDeque<>();
    private int historyLines;
    private int added;

    SoakWorker(Soak.Home home, USmart usmart, long seed, Path dir, Path history, BooleanSupplier more, Consumer<SoakOp> done,
               AtomicInteger ids, long t0, String prefix) {
        this.home = home;
        this.usmart = usmart;
        this.random = new Random(seed * 1_000_003L + home.thread());
        this.dir = dir;
        this.history = history;
        this.more = more;
        this.done = done;
        this.ids = ids;
        this.t0 = t0;
        this.prefix = prefix;
    }

    @Override
    public void run() {
        while (more.getAsBoolean()) {
            double r = random.nextDouble();
            SoakOp op;
            if (r < 0.25) {
                op = awaitOp();
            } else if (r < 0.50 || r < 0.75 && withoutPipeline.isEmpty()) {
                op = addOp();
            } else if (r < 0.75) {
                op = pipelineOp();
            } else {
                op = publishOp();
            }
            done.accept(op);
        }
    }

    private SoakOp awaitOp() {
        SoakOp op = begin(SoakOp.AWAIT, home.dataset(), home.file(), null);
        Path csv = homeCsv(op);
        long start = System.nanoTime();
        Dataset d = usmart.dataset(home.dataset());
        try {
            UploadResult up = step(op, "replace", () -> d.replaceFile(home.file(), csv, QUIET));
            uploaded(op, up);
            step(op, "refresh", () -> d.refresh(home.pipeline()));
            ProcessingReport r = step(op, "await", () -> d.awaitProcessed(AWAIT, ProgressListener.none()));
            if (!r.ok()) {
                op.findings.add("anomaly: processing failed: " + r.failed());
            }
            return end(op, start, null);
        } catch (Throwable t) {
            return end(op, start, t);
        }
    }

    private SoakOp publishOp() {
        SoakOp op = begin(SoakOp.PUBLISH, home.dataset(), home.file(), null);
        Path csv = homeCsv(op);
        long start = System.nanoTime();
        try {
            PublishReport p = step(op, "publish", () -> usmart.dataset(home.dataset()).publish(home.file(), csv, QUIET, AWAIT));
            uploaded(op, p.upload());
            if (!p.ok()) {
                op.findings.add("anomaly: publish returned a report that is not ok: " + p.summary());
            }
            return end(op, start, null);
        } catch (Throwable t) {
            return end(op, start, t);
        }
    }

    private SoakOp addOp() {
        String name = prefix + "-n" + (++added) + ".csv";
        SoakOp op = begin(SoakOp.ADD, home.addTo(), null, name);
        Path csv = write(dir.resolve(name), op, "site,reading,op\n", 3 + random.nextInt(60),
                i -> "s" + (i % 7) + "," + (i * 3 % 101) + "." + (i % 10) + "," + op.id);
        long start = System.nanoTime();
        try {
            UploadResult up = step(op, "add", () -> usmart.dataset(home.addTo()).add(csv, QUIET));
            uploaded(op, up);
            if (up.fileGuid() != null) {
                withoutPipeline.add(up.fileGuid());
            }
            return end(op, start, null);
        } catch (Throwable t) {
            return end(op, start, t);
        } finally {
            delete(csv);
        }
    }

    private SoakOp pipelineOp() {
        String file = withoutPipeline.poll();
        SoakOp op = begin(SoakOp.PIPELINE, home.addTo(), file, null);
        long start = System.nanoTime();
        try {
            PipelineInfo p = step(op, "createPipeline", () -> usmart.dataset(home.addTo()).createPipeline(PIPELINE_ID, file));
            op.container = p.resourceContainerGuid();
            if (p.resourceContainerGuid() == null || !file.equals(p.fileGuid()) || !PIPELINE_ID.equals(p.pipelineId())) {
                op.findings.add("anomaly: createPipeline returned " + p + " for file " + file);
            }
            return end(op, start, null);
        } catch (Throwable t) {
            return end(op, start, t);
        }
    }

    private SoakOp begin(String kind, String dataset, String file, String name) {
        SoakOp op = new SoakOp();
        op.id = ids.incrementAndGet();
        op.thread = home.thread();
        op.kind = kind;
        op.dataset = dataset;
        op.file = file;
        op.name = name;
        op.startMs = (System.nanoTime() - t0) / 1_000_000;
        return op;
    }

    /** The home file's next content: its columns, a few to a few hundred rows, the operation's id in each. */
    private Path homeCsv(SoakOp op) {
        return write(dir.resolve("home.csv"), op, "timestamp,site,value,op\n", 5 + random.nextInt(200),
                i -> String.format("2026-03-%02dT%02d:%02d:00Z,Site %d,%d.%d,%d", 1 + i / 1440 % 28, i / 60 % 24, i % 60, i % 5,
                        i * 7 % 97, i % 10, op.id));
    }

    private Path write(Path p, SoakOp op, String header, int rows, java.util.function.IntFunction<String> row) {
        StringBuilder sb = new StringBuilder(header);
        for (int i = 0; i < rows; i++) {
            sb.append(row.apply(i)).append('\n');
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(p, b);
            op.md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        op.bytes = b.length;
        return p;
    }

    private static void uploaded(SoakOp op, UploadResult up) {
        op.reportedFile = up.fileGuid();
        op.reportedRevision = up.revision();
        op.reportedMd5 = up.md5();
        op.reference = up.reference();
        op.uploadOutcome = up.outcome();
    }

    private static <T> T step(SoakOp op, String name, Supplier<T> s) {
        long t = System.nanoTime();
        try {
            return s.get();
        } finally {
            op.steps.put(name, (System.nanoTime() - t) / 1_000_000);
        }
    }

    private SoakOp end(SoakOp op, long startNanos, Throwable t) {
        if (t instanceof VirtualMachineError v && !(t instanceof StackOverflowError)) {
            throw v;
        }
        op.millis = (System.nanoTime() - startNanos) / 1_000_000;
        op.writes = newHistoryLines();
        op.mayHaveLanded = op.writes.stream().anyMatch(w -> "may-have-landed".equals(w.path("outcome").asText()));
        if (t == null) {
            op.outcome = SoakOp.OK;
        } else {
            op.failed(t);
        }
        return op;
    }

    /** The lines the session wrote to its history since the last call. */
    private List<JsonNode> newHistoryLines() {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(history)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
            for (String l : lines.subList(Math.min(historyLines, lines.size()), lines.size())) {
                out.add(JSON.readTree(l));
            }
            historyLines = lines.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the soak's history " + history, e);
        }
        return out;
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}

package io.github.usmartkit.internal.bulk;

import io.github.usmartkit.bulk.BulkLine;
import io.github.usmartkit.bulk.BulkOptions;
import io.github.usmartkit.bulk.BulkReport;
import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.internal.http.Threads;
import io.github.usmartkit.internal.publish.Published;
import io.github.usmartkit.internal.render.TableStyle;
import io.github.usmartkit.internal.upload.FileDigest;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.VerifyReport;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.upload.PreflightReport;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * Runs a bulk manifest: every line's upload (at most {@code concurrency} at once), then, for each
 * dataset, one refresh of every pipeline its lines feed, one wait, and a verification of each line.
 * A line that fails never stops the others. Running the same manifest again is safe: a file equal
 * to what uSmart holds is not sent again (a replace by its MD5 and size; an add by a file of the
 * same name, MD5 and size already in the dataset), and is only refreshed if the public does not
 * see it yet.
 */
public final class BulkRun {

    /** What the run needs of a session (the root package implements it: internal code never names it). */
    public interface Port {
        /** Whether the session plans its writes instead of sending them. */
        boolean dryRun();

        /** {@code dataset:view}. */
        DatasetView view(String dataset);

        /** The local check of a file (no call). */
        PreflightReport preflight(Path file);

        /** A replace, with the preflight already made. */
        UploadResult replace(String dataset, String file, Path path, UploadOptions options, PreflightReport checked);

        /** An add. */
        UploadResult add(String dataset, Path path, UploadOptions options);

        /** A new pipeline publishing {@code file}. */
        PipelineInfo createPipeline(String dataset, String pipelineId, String file);

        /** Asks one pipeline to process again. */
        void refresh(String dataset, String resourceContainer);

        /** What the public sees of {@code file} through {@code pipelines}, compared with the local file. */
        VerifyReport verify(String dataset, String file, List<PipelineInfo> pipelines, PreflightReport local);
    }

    private final Port port;
    private final BulkOptions options;
    private final ProgressListener progress;
    private final Duration pollEvery;
    private String task;

    /**
     * @param pollEvery how often to look at the pipelines while waiting
     */
    public BulkRun(Port port, BulkOptions options, Duration pollEvery) {
        this.port = port;
        this.options = options;
        this.progress = options.progress() == null ? ProgressListener.auto() : options.progress();
        this.pollEvery = pollEvery;
    }

    /** One line as it goes: what was uploaded, what it feeds, how it ended. */
    private static final class Line {
        final Manifest.Entry entry;
        final long start = System.nanoTime();
        PreflightReport local;
        String file;
        Long revision;
        boolean unchanged;
        boolean planned;
        boolean newPipeline;
        List<PipelineInfo> feeds = List.of();
        String outcome;
        Long rows;
        String error;
        String errorKind;
        final List<String> notes = new ArrayList<>();
        Duration took;

        Line(Manifest.Entry entry) {
            this.entry = entry;
            this.file = entry.file();
        }

        boolean ended() {
            return outcome != null;
        }

        void end(String how, Long rowsSeen) {
            outcome = how;
            rows = rowsSeen;
            took = Duration.ofNanos(System.nanoTime() - start);
        }

        void fail(String how, USmartException e, String context) {
            error = (context == null ? "" : context) + e.getMessage();
            errorKind = e.getClass().getSimpleName();
            end(how, null);
        }

        BulkLine result() {
            return new BulkLine(entry.line(), entry.dataset(), file, entry.pathText(), entry.pipelineId(), outcome, revision, rows,
                    took, error, errorKind, notes.isEmpty() ? null : String.join("; ", notes));
        }
    }

    /**
     * Runs the manifest.
     *
     * @throws BadRequestException   if the manifest as a whole is unusable (nothing done)
     * @throws UploadFailedException if it cannot be read (nothing done)
     */
    public BulkReport run(Path manifest) {
        long start = System.nanoTime();
        List<Manifest.Entry> entries = Manifest.read(manifest);
        task = "bulk " + manifest.getFileName();
        List<Line> lines = entries.stream().map(Line::new).toList();
        progress.update(task, 0, lines.size());
        ExecutorService pool = Threads.daemonPool("usmart-bulk");
        Semaphore slots = new Semaphore(options.concurrency());
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (Line l : lines) {
                uploads.add(pool.submit(() -> bounded(slots, () -> upload(l, lines))));
            }
            waitAll(uploads);
            Map<String, List<Line>> byDataset = new LinkedHashMap<>();
            for (Line l : lines) {
                if (!l.ended()) {
                    byDataset.computeIfAbsent(l.entry.dataset(), k -> new ArrayList<>()).add(l);
                }
            }
            List<Future<?>> datasets = new ArrayList<>();
            for (Map.Entry<String, List<Line>> d : byDataset.entrySet()) {
                datasets.add(pool.submit(() -> bounded(slots, () -> publish(d.getKey(), d.getValue(), lines))));
            }
            waitAll(datasets);
        } finally {
            pool.shutdownNow();
        }
        BulkReport report = new BulkReport(manifest.toString(), lines.stream().map(Line::result).toList(),
                Duration.ofNanos(System.nanoTime() - start));
        progress.finished(task, report.ok());
        return report;
    }

    private static void bounded(Semaphore slots, Runnable work) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            work.run();
        } finally {
            slots.release();
        }
    }

    private static void waitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // each task records its own failures on its line; anything else is a defect of the run
                throw new IllegalStateException("a bulk line failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(Failure.of("bulk", null, "the bulk run was interrupted",
                        "Some lines may have been sent: run the same manifest again (what is already there is not sent again)"), e);
            }
        }
    }

    /** Reports a line's end (synchronized: lines end on several threads, and the count must only grow). */
    private synchronized void ended(Line l, List<Line> all) {
        long done = all.stream().filter(Line::ended).count();
        progress.stage(task, "line " + l.entry.line() + " " + l.outcome
                + (l.revision == null ? "" : " (revision " + l.revision + (l.rows == null ? "" : ", " + l.rows + " rows") + ")")
                + (l.error == null ? "" : ": " + l.error));
        progress.update(task, done, all.size());
    }

    /** Phase 1 of a line: the local check, the upload (unless unchanged), the pipeline it asks for. */
    private void upload(Line l, List<Line> all) {
        Manifest.Entry e = l.entry;
        if (e.problem() != null) {
            l.error = "line " + e.line() + " of the manifest: " + e.problem() + "; nothing was sent for it";
            l.errorKind = "BadRequestException";
            l.end(BulkLine.REFUSED, null);
            ended(l, all);
            return;
        }
        UploadOptions o = UploadOptions.defaults().allowSchemaChange(options.allowSchemaChange()).force(options.force())
                .progress(ProgressListener.none());
        try {
            l.local = port.preflight(e.path());
        } catch (USmartException x) {
            l.fail(BulkLine.REFUSED, x, null); // the local check: nothing was sent
            ended(l, all);
            return;
        }
        try {
            UploadResult up = e.adds() ? add(l, o) : port.replace(e.dataset(), e.file(), e.path(), o, l.local);
            if (up != null) {
                l.file = up.fileGuid() != null ? up.fileGuid() : l.file;
                l.revision = up.revision();
                l.unchanged = up.unchanged();
                l.planned = UploadResult.PLANNED.equals(up.outcome());
                l.notes.addAll(up.warnings());
            }
            if (l.ended()) {
                ended(l, all);
                return;
            }
            if (e.pipelineId() != null) {
                pipeline(l);
            }
        } catch (USmartException x) {
            l.fail(refused(x) ? BulkLine.REFUSED : BulkLine.FAILED, x, l.revision != null && !l.unchanged && !l.planned
                    ? "file " + l.file + " is at revision " + l.revision + ", but: " : null);
            ended(l, all);
        }
    }

    /** An add, unless the dataset already holds this very file (a re-run); refused if it holds another of that name. */
    private UploadResult add(Line l, UploadOptions o) {
        Manifest.Entry e = l.entry;
        String name = e.path().getFileName().toString();
        DatasetView v = port.view(e.dataset());
        List<FileInfo> named = v.files().stream().filter(f -> name.equals(f.fileName())).toList();
        if (named.isEmpty()) {
            return port.add(e.dataset(), e.path(), o);
        }
        FileInfo same = named.get(0);
        long size = size(e.path());
        String md5 = FileDigest.md5(e.path(), "bulk", e.dataset());
        if (named.size() == 1 && same.md5() != null && same.md5().equalsIgnoreCase(md5) && same.fileSize() != null && same.fileSize() == size) {
            l.file = same.fileGuid();
            l.revision = same.revision();
            l.unchanged = true;
            l.notes.add("already in the dataset as file " + same.fileGuid() + " (same name, MD5 and size): not added again");
            return null;
        }
        String guids = named.stream().map(FileInfo::fileGuid).collect(Collectors.joining(", "));
        throw new BadRequestException(Failure.of("bulk", e.dataset(), "dataset " + e.dataset() + " already has a file named " + name
                + " (" + guids + ") " + (same.md5() == null ? "and the service does not report its MD5, so the kit cannot tell it is this one"
                : "with other content"), "Put its GUID in the line's fileGUID column to replace it, or rename the local file to add"
                + " another; nothing was sent"));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException x) {
            return -1;
        }
    }

    /** Makes sure a pipeline of the line's kind publishes its file. */
    private void pipeline(Line l) {
        Manifest.Entry e = l.entry;
        if (l.file == null) {
            l.notes.add("would create a " + e.pipelineId() + " pipeline for the new file");
            return;
        }
        DatasetView v = port.view(e.dataset());
        boolean has = Published.fedBy(v, l.file).stream().anyMatch(p -> e.pipelineId().equals(p.pipelineId()));
        if (!has) {
            PipelineInfo made = port.createPipeline(e.dataset(), e.pipelineId(), l.file);
            l.newPipeline = true;
            l.notes.add(port.dryRun() ? "would create a " + e.pipelineId() + " pipeline"
                    : "created the " + e.pipelineId() + " pipeline " + made.resourceContainerGuid());
        }
    }

    /**
     * Refused: the kit, the file or the service said no before anything changed (a schema change, a
     * file or dataset that is not there, a bad argument, keys without the right). A failed upload is
     * a failure, not a refusal: running again may well work.
     */
    static boolean refused(USmartException e) {
        return e instanceof PreflightFailedException || e instanceof SchemaChangeException || e instanceof BadRequestException
                || e instanceof NotFoundException || e instanceof ConfigurationException || e instanceof PermissionException
                || e instanceof AuthenticationException;
    }

    /** Phase 2 of a dataset's lines: one refresh of what they feed, one wait, a verification each. */
    private void publish(String dataset, List<Line> lines, List<Line> all) {
        try {
            DatasetView v = port.view(dataset);
            Set<String> refresh = new LinkedHashSet<>();
            for (Line l : lines) {
                l.feeds = l.file == null ? List.of() : Published.fedBy(v, l.file);
                if (l.planned || port.dryRun() && !l.unchanged) {
                    l.feeds.forEach(p -> port.refresh(dataset, p.resourceContainerGuid()));
                    l.end(BulkLine.PLANNED, null);
                    ended(l, all);
                } else if (l.feeds.isEmpty()) {
                    l.notes.add("file " + l.file + " feeds no pipeline: nothing was refreshed, and what the public sees could not be verified");
                    l.end(l.unchanged ? BulkLine.UNCHANGED : BulkLine.PUBLISHED, null);
                    ended(l, all);
                } else if (l.unchanged && !l.newPipeline) {
                    VerifyReport seen = port.verify(dataset, l.file, l.feeds, l.local);
                    if (seen.ok()) {
                        l.end(BulkLine.UNCHANGED, seen.rows());
                        ended(l, all);
                    } else if (port.dryRun()) {
                        l.notes.add("unchanged, but the public does not see it (" + seen.summary() + "): would refresh its pipelines");
                        l.feeds.forEach(p -> port.refresh(dataset, p.resourceContainerGuid()));
                        l.end(BulkLine.PLANNED, null);
                        ended(l, all);
                    } else {
                        l.notes.add("unchanged, but the public did not see it (" + seen.summary() + "): its pipelines were refreshed");
                        l.feeds.forEach(p -> refresh.add(p.resourceContainerGuid()));
                    }
                } else {
                    l.feeds.forEach(p -> refresh.add(p.resourceContainerGuid()));
                }
            }
            if (refresh.isEmpty()) {
                return;
            }
            Map<String, USmartException> notQueued = new HashMap<>();
            for (String rc : refresh) {
                try {
                    port.refresh(dataset, rc);
                } catch (USmartException e) {
                    notQueued.put(rc, e);
                }
            }
            Set<String> waitFor = new LinkedHashSet<>(refresh);
            waitFor.removeAll(notQueued.keySet());
            Map<String, PipelineInfo> after = await(dataset, waitFor);
            for (Line l : lines) {
                if (!l.ended()) {
                    verify(dataset, l, notQueued, after);
                    ended(l, all);
                }
            }
        } catch (USmartException e) {
            for (Line l : lines) {
                if (!l.ended()) {
                    l.fail(BulkLine.FAILED, e, state(l));
                    ended(l, all);
                }
            }
        }
    }

    private void verify(String dataset, Line l, Map<String, USmartException> notQueued, Map<String, PipelineInfo> after) {
        for (PipelineInfo p : l.feeds) {
            USmartException e = notQueued.get(p.resourceContainerGuid());
            if (e != null) {
                l.fail(BulkLine.FAILED, e, state(l) + "the " + p.pipelineId() + " pipeline " + p.resourceContainerGuid()
                        + " could not be asked to process: ");
                return;
            }
        }
        List<PipelineInfo> pending = l.feeds.stream().map(p -> after.getOrDefault(p.resourceContainerGuid(), p))
                .filter(p -> !p.finished()).toList();
        if (!pending.isEmpty()) {
            l.error = state(l) + "its pipelines are still processing after " + options.timeout().toSeconds() + " s ("
                    + pending.stream().map(p -> p.pipelineId() + " " + p.resourceContainerGuid() + " is " + p.status())
                    .collect(Collectors.joining("; ")) + "). Run the manifest again later: the file is not sent again, and is verified";
            l.errorKind = "ProcessingTimeoutException";
            l.end(BulkLine.FAILED, null);
            return;
        }
        List<PipelineInfo> now = l.feeds.stream().map(p -> after.getOrDefault(p.resourceContainerGuid(), p)).toList();
        VerifyReport seen = port.verify(dataset, l.file, now, l.local);
        if (seen.ok()) {
            l.end(BulkLine.PUBLISHED, seen.rows());
            return;
        }
        l.error = state(l) + "what the public sees differs: " + seen.failed().stream()
                .map(c -> (c.pipelineId() == null ? "" : c.pipelineId() + " ") + c.resourceContainerGuid() + ": " + c.note())
                .collect(Collectors.joining("; ")) + ". Check the pipelines (usmart status " + dataset + "), then run the manifest again";
        l.errorKind = "VerificationFailedException";
        l.end(BulkLine.FAILED, null);
    }

    /** What a failed line already did, as the start of its error. */
    private static String state(Line l) {
        if (l.unchanged) {
            return "file " + l.file + " was unchanged (nothing sent); ";
        }
        return "file " + l.file + (l.revision == null ? " was registered" : " is at revision " + l.revision) + "; ";
    }

    /** Waits for the pipelines in {@code rcs}; their last known state, finished or not. */
    private Map<String, PipelineInfo> await(String dataset, Set<String> rcs) {
        Map<String, PipelineInfo> last = new HashMap<>();
        if (rcs.isEmpty()) {
            return last;
        }
        long start = System.nanoTime();
        while (true) {
            DatasetView v = port.view(dataset);
            boolean all = true;
            for (PipelineInfo p : v.pipelines()) {
                if (!rcs.contains(p.resourceContainerGuid())) {
                    continue;
                }
                PipelineInfo was = last.put(p.resourceContainerGuid(), p);
                if (was == null || !Objects.equals(was.status(), p.status())) {
                    progress.stage(task, "dataset " + TableStyle.shortGuid(dataset) + ": " + p.pipelineId() + " "
                            + p.resourceContainerGuid() + ": " + (was == null ? "" : was.status() + " → ") + p.status());
                }
                all &= p.finished();
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (all && last.keySet().containsAll(rcs) || waited.compareTo(options.timeout()) >= 0) {
                return last;
            }
            try {
                Thread.sleep(Math.max(10, Math.min(pollEvery.toMillis(), options.timeout().minus(waited).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(Failure.of("bulk", dataset, "interrupted while waiting for the pipelines",
                        "Processing goes on on the service: run the manifest again to verify"), e);
            }
        }
    }
}

package io.github.usmartkit;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.ProcessingTimeoutException;
import io.github.usmartkit.error.RefreshFailedException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.args.Args;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Deadline;
import io.github.usmartkit.internal.http.Threads;
import io.github.usmartkit.upload.PendingRegistration;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.PipelineInfo;
import io.github.usmartkit.model.ProcessingReport;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.model.RefreshResult;
import io.github.usmartkit.model.RefreshResults;
import io.github.usmartkit.read.RowQuery;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A handle on one dataset: an immutable value (the session and the GUID). Reading methods
 * ({@link #view()}, {@link #files()}, {@link #pipelines()}) call {@code dataset:view}; acting
 * methods make the calls their javadoc names. Chains read as sentences:
 * {@code usmart.dataset(guid).replace(fileGuid, path).refreshAll()}.
 * Besides the exceptions each method names, every call may throw the kinds listed on
 * {@link USmart} (authentication, permission, rate limit, service, transport).
 */
public final class Dataset {

    private final USmart session;
    private final String guid;

    Dataset(USmart session, String guid) {
        this.session = session;
        this.guid = guid;
    }

    /** The dataset GUID. */
    public String guid() {
        return guid;
    }

    /** The session this handle uses. */
    public USmart session() {
        return session;
    }

    /**
     * The dataset's metadata, files and pipelines ({@code dataset:view}, Viewer role).
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such dataset in the organisation
     */
    public DatasetView view() {
        return session.api().view(guid);
    }

    /**
     * One row per file (fileGUID, fileName, size, revision, updated, contentType); calls {@code dataset:view}.
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such dataset in the organisation
     */
    public Table files() {
        return view().filesTable();
    }

    /**
     * One row per output pipeline (resourceContainerGUID, pipelineId, status, rows, …); calls {@code dataset:view}.
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such dataset in the organisation
     */
    public Table pipelines() {
        return view().pipelinesTable();
    }

    /**
     * Uploads a file and adds it to the dataset: {@code dataset:view} (to tell a landed
     * registration from a lost one later), {@code s3:generatePutRequest}, a streamed PUT to the
     * signed URL, then {@code file:create}. The file's base name is its name in uSmart. Nothing is
     * called if the file is missing, a directory, unreadable, empty or over 5 GB.
     *
     * @return the result, holding the new file's GUID ({@link UploadResult#fileGuid()})
     * @throws io.github.usmartkit.error.UploadFailedException if the file is unusable or the upload fails (nothing registered)
     * @throws io.github.usmartkit.error.RegistrationFailedException if uploaded but not registered (retry with {@link #register})
     */
    public UploadResult add(Path file) {
        return add(file, UploadOptions.defaults());
    }

    /** {@link #add(Path)} (same calls and exceptions) reporting progress to {@code progress} ({@link ProgressListener#none()} for none). */
    public UploadResult add(Path file, ProgressListener progress) {
        return add(file, UploadOptions.defaults().progress(progress(progress, Action.FILE_CREATE, guid)));
    }

    /**
     * {@link #add(Path)} (same calls and exceptions) with options: another file name, allowing empty files, progress.
     *
     * @throws BadRequestException if an argument is null, or the file's name is a path or holds a line break (no call made)
     */
    public UploadResult add(Path file, UploadOptions options) {
        return session.uploads().add(guid, checked(file, options, Action.FILE_CREATE, guid), options);
    }

    /** The file, once it and the options are given and its name can be shown in uSmart. */
    private static Path checked(Path file, UploadOptions options, Action action, String guid) {
        Args.present("file", file, action.name(), guid, "the path of the file to upload, e.g. Path.of(\"air.csv\")");
        Args.present("options", options, action.name(), guid, "UploadOptions.defaults()");
        if (options.fileName() == null && file.getFileName() != null) {
            Args.fileName(file.getFileName().toString(), action.name(), guid);
        }
        return file;
    }

    private static ProgressListener progress(ProgressListener p, Action action, String guid) {
        return Args.present("progress", p, action.name(), guid, "a ProgressListener, or ProgressListener.none() for no progress");
    }

    /**
     * Uploads a new revision of a file: {@code dataset:view} (the file must exist),
     * {@code s3:generatePutRequest}, a streamed PUT to the signed URL, then
     * {@code file:updateRevision}. Returns this handle so the chain can go on (e.g.
     * {@code .refreshAll()}); {@link #replaceFile} returns the upload's details instead.
     *
     * @throws io.github.usmartkit.error.NotFoundException if the dataset has no such file (checked before uploading)
     * @throws io.github.usmartkit.error.UploadFailedException if the file is unusable or the upload fails (nothing registered)
     * @throws io.github.usmartkit.error.RegistrationFailedException if uploaded but not registered
     */
    public Dataset replace(String fileGuid, Path file) {
        return replace(fileGuid, file, UploadOptions.defaults());
    }

    /** {@link #replace(String, Path)} (same calls and exceptions) reporting progress to {@code progress}. */
    public Dataset replace(String fileGuid, Path file, ProgressListener progress) {
        return replace(fileGuid, file, UploadOptions.defaults().progress(progress(progress, Action.FILE_UPDATE_REVISION, guid)));
    }

    /** {@link #replace(String, Path)} (same calls and exceptions) with options. */
    public Dataset replace(String fileGuid, Path file, UploadOptions options) {
        replaceFile(fileGuid, file, options);
        return this;
    }

    /**
     * Like {@link #replace(String, Path, UploadOptions)} (same calls and exceptions) but returns
     * the upload's details (revision, MD5, warnings).
     *
     * @throws BadRequestException if {@code fileGuid} is not GUID-like, or an argument is null (no call made)
     */
    public UploadResult replaceFile(String fileGuid, Path file, UploadOptions options) {
        String f = Args.guid("file", fileGuid, Action.FILE_UPDATE_REVISION.name());
        return session.uploads().replace(guid, f, checked(file, options, Action.FILE_UPDATE_REVISION, f), options);
    }

    /**
     * Retries only the register call of an upload whose registration failed, without uploading
     * again: {@code dataset.register(e.pending())}. Calls {@code dataset:view}, then
     * {@code file:create} or {@code file:updateRevision} (checked with {@code dataset:view}
     * before being repeated).
     *
     * @throws BadRequestException if {@code pending} is null or belongs to another dataset (no call made)
     * @throws io.github.usmartkit.error.RegistrationFailedException if registering fails again
     */
    public UploadResult register(PendingRegistration pending) {
        if (pending == null) {
            throw new BadRequestException(Failure.of("register", guid, "no pending registration given",
                    "Pass e.pending() of the RegistrationFailedException"));
        }
        if (!guid.equals(pending.datasetGuid())) {
            throw new BadRequestException(Failure.of("register", guid, "the pending registration belongs to dataset "
                    + pending.datasetGuid(), "Call register on dataset(\"" + pending.datasetGuid() + "\")"));
        }
        return session.uploads().register(pending);
    }

    /**
     * Creates an output pipeline ({@code resourceContainer:create}) publishing the dataset's
     * first file. Not repeated blindly: after an ambiguous failure {@code dataset:view} shows
     * whether it was created.
     *
     * Calls {@code dataset:view} first (to recognise the new container), then
     * {@code resourceContainer:create}.
     *
     * @param pipelineId e.g. {@code csv-to-api}
     * @return the new pipeline (status {@code new}; {@link #refresh} it to process)
     * @throws BadRequestException if {@code pipelineId} is empty (no call made), unknown to the service, or the
     *                             dataset has no file to publish (400)
     * @throws io.github.usmartkit.error.ServiceException if the service kept failing and the container did not land
     */
    public PipelineInfo createPipeline(String pipelineId) {
        return create(pipelineId, null);
    }

    /**
     * {@link #createPipeline(String)} (same calls and exceptions) for a given file of the dataset.
     *
     * @throws BadRequestException if {@code fileGuid} is null or not GUID-like (no call made)
     * @throws io.github.usmartkit.error.NotFoundException if the dataset has no such file
     */
    public PipelineInfo createPipeline(String pipelineId, String fileGuid) {
        return create(pipelineId, Args.guid("file", fileGuid, Action.CONTAINER_CREATE.name()));
    }

    private PipelineInfo create(String pipelineId, String file) {
        String id = Args.text("the pipelineId", pipelineId, Action.CONTAINER_CREATE.name(), guid, "a pipeline such as csv-to-api");
        Set<String> before = view().pipelines().stream().map(PipelineInfo::resourceContainerGuid).collect(Collectors.toSet());
        Deadline deadline = session.api().deadline();
        return session.transport().retrier().runChecked(deadline, () -> {
            PipelineInfo p = session.api().containerCreate(guid, id, file, deadline);
            if (p.resourceContainerGuid() == null) { // tolerate an answer without the container: find it
                PipelineInfo found = newPipeline(before, id);
                return found == null ? p : found;
            }
            return p;
        }, () -> newPipeline(before, id)); // did it land although the answer was lost?
    }

    private PipelineInfo newPipeline(Set<String> before, String pipelineId) {
        return view().pipelines().stream()
                .filter(p -> !before.contains(p.resourceContainerGuid()) && pipelineId.equals(p.pipelineId()))
                .findFirst().orElse(null);
    }

    /**
     * Asks one of this dataset's pipelines to process again: {@code dataset:view} (the container
     * must be one of this dataset's), then {@code resourceContainer:process} (asynchronous; safe to
     * repeat, so retried).
     *
     * @return the answer (usually status {@code queued})
     * @throws BadRequestException if the GUID is malformed (no call made)
     * @throws NotFoundException if the container is not one of this dataset's pipelines (nothing queued)
     */
    public RefreshResult refresh(String resourceContainerGuid) {
        String rc = Args.guid("resource container", resourceContainerGuid, Action.CONTAINER_PROCESS.name());
        DatasetView v = view();
        PipelineInfo mine = v.pipeline(rc).orElseThrow(() -> new NotFoundException(Failure.of(Action.CONTAINER_PROCESS.name(), rc,
                "it is not a pipeline of dataset " + guid + (v.title() == null ? "" : " (" + v.title() + ")") + "; nothing was queued",
                v.pipelines().isEmpty() ? "The dataset has no pipelines yet: createPipeline(\"csv-to-api\") makes one"
                        : "Its pipelines are " + v.pipelines().stream().map(p -> p.resourceContainerGuid() + " (" + p.pipelineId() + ")")
                        .collect(Collectors.joining(", ")) + "; or call refresh on the dataset that holds it")));
        return process(mine);
    }

    /** {@code resourceContainer:process} of a pipeline known to be this dataset's. */
    private RefreshResult process(PipelineInfo pipeline) {
        String rc = pipeline.resourceContainerGuid();
        PipelineInfo p = session.api().process(rc);
        return new RefreshResult(rc, p.pipelineId() != null ? p.pipelineId() : pipeline.pipelineId(),
                p.status() == null ? "requested" : p.status(), null);
    }

    /**
     * Refreshes every output pipeline of the dataset concurrently: one {@code dataset:view},
     * then {@code resourceContainer:process} for each.
     *
     * @return one result per pipeline (display it for a table); none, saying so, if the dataset has no pipelines
     * @throws RefreshFailedException if any refresh failed; the message lists every outcome
     * @throws io.github.usmartkit.error.NotFoundException if there is no such dataset
     */
    public RefreshResults refreshAll() {
        List<PipelineInfo> pipelines = view().pipelines();
        List<RefreshResult> results = new ArrayList<>();
        List<USmartException> failures = new ArrayList<>();
        if (!pipelines.isEmpty()) {
            ExecutorService pool = Threads.daemonPool("usmart-refresh");
            try {
                List<Future<RefreshResult>> futures = new ArrayList<>();
                for (PipelineInfo p : pipelines) {
                    futures.add(pool.submit(() -> process(p)));
                }
                for (int i = 0; i < pipelines.size(); i++) {
                    PipelineInfo p = pipelines.get(i);
                    try {
                        RefreshResult r = futures.get(i).get();
                        results.add(new RefreshResult(r.resourceContainerGuid(), p.pipelineId(), r.status(), null));
                    } catch (ExecutionException e) {
                        USmartException u = e.getCause() instanceof USmartException x ? x : null;
                        if (u == null) {
                            throw new IllegalStateException("refresh of " + p.resourceContainerGuid() + " failed unexpectedly", e.getCause());
                        }
                        failures.add(u);
                        results.add(new RefreshResult(p.resourceContainerGuid(), p.pipelineId(), "error", u.getMessage()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TransportException(Failure.of(Action.CONTAINER_PROCESS.name(), guid, "refreshAll was interrupted",
                                "Some pipelines may have been queued: pipelines() shows their status"), e);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        RefreshResults all = new RefreshResults(guid, results);
        if (!failures.isEmpty()) {
            USmartException first = failures.get(0);
            Failure f = first.failure().about(Action.CONTAINER_PROCESS.name(), guid)
                    .withWhat("refresh of " + failures.size() + " of " + results.size() + " pipeline(s) failed: " + all.toText().strip())
                    .withWhatToDo("Fix the first failure (" + first.what() + ") and run refreshAll() again");
            throw new RefreshFailedException(f, first, all);
        }
        return all;
    }

    /**
     * Waits until every pipeline has finished processing (complete or failed), polling
     * {@code dataset:view} every second or so.
     *
     * @return the final state, naming the pipelines that failed and why
     * @throws ProcessingTimeoutException if some are still pending after {@code timeout}; the message says what to do
     * @throws BadRequestException if {@code timeout} is negative (no call made)
     * @throws io.github.usmartkit.error.NotFoundException if there is no such dataset
     */
    public ProcessingReport awaitProcessed(Duration timeout) {
        return awaitProcessed(timeout, Duration.ofSeconds(1));
    }

    /** {@link #awaitProcessed(Duration)} (same calls and exceptions) polling every {@code pollEvery}. */
    public ProcessingReport awaitProcessed(Duration timeout, Duration pollEvery) {
        return awaitProcessed(timeout, pollEvery, ProgressListener.none());
    }

    /**
     * {@link #awaitProcessed(Duration)} (same calls and exceptions) reporting each poll to
     * {@code progress} as {@code update("refresh <title>", finishedPipelines, allPipelines)}, then
     * {@code finished(task, everyPipelineComplete)}: one updating line in a notebook.
     */
    public ProcessingReport awaitProcessed(Duration timeout, ProgressListener progress) {
        return awaitProcessed(timeout, Duration.ofSeconds(1), progress(progress, Action.DATASET_VIEW, guid));
    }

    private ProcessingReport awaitProcessed(Duration timeout, Duration pollEvery, ProgressListener progress) {
        Args.notNegative("timeout", timeout, "awaitProcessed", guid);
        Args.notNegative("pollEvery", pollEvery, "awaitProcessed", guid);
        long start = System.nanoTime();
        long poll = Math.max(50, pollEvery.toMillis());
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        String task = null;
        while (true) {
            DatasetView v = view();
            List<PipelineInfo> ps = v.pipelines();
            task = task != null ? task : "refresh " + (v.title() == null ? guid : v.title());
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            List<PipelineInfo> pending = ps.stream().filter(p -> !p.finished()).toList();
            listener.update(task, ps.size() - pending.size(), ps.size());
            if (pending.isEmpty()) {
                ProcessingReport report = new ProcessingReport(guid, ps, waited);
                listener.finished(task, report.ok());
                return report;
            }
            if (waited.compareTo(timeout) >= 0) {
                listener.finished(task, false);
                String list = pending.stream().map(p -> p.pipelineId() + " " + p.resourceContainerGuid() + " is " + p.status()
                        + ("new".equals(p.status()) ? " (never processed: call refresh(\"" + p.resourceContainerGuid() + "\"))" : ""))
                        .collect(Collectors.joining("; "));
                throw new ProcessingTimeoutException(Failure.of("awaitProcessed", guid, "pipelines still processing after "
                        + timeout.toSeconds() + " s: " + list, "Wait longer (awaitProcessed(Duration.ofMinutes(10))) or check the pipelines in uSmart"));
            }
            sleep(Duration.ofMillis(Math.min(poll, Math.max(1, timeout.minus(waited).toMillis()))));
        }
    }

    /**
     * A read query on one of this dataset's pipelines; no call until it is read.
     *
     * @throws BadRequestException if the GUID is malformed
     */
    public RowQuery rows(String resourceContainerGuid) {
        return session.read(resourceContainerGuid);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(Failure.of("awaitProcessed", null, "interrupted while waiting",
                    "Processing goes on on the service; pipelines() shows where it stands"), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && d.guid.equals(guid) && d.session == session;
    }

    @Override
    public int hashCode() {
        return guid.hashCode();
    }

    @Override
    public String toString() {
        return "Dataset[" + guid + " in org " + session.org() + "]";
    }
}

package io.github.usmartkit;

import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.ProcessingTimeoutException;
import io.github.usmartkit.error.RefreshFailedException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.args.Args;
import io.github.usmartkit.internal.cancel.CallState;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Deadline;
import io.github.usmartkit.internal.http.Retrier;
import io.github.usmartkit.internal.preflight.Preflight;
import io.github.usmartkit.internal.publish.Published;
import io.github.usmartkit.internal.publish.Verifier;
import io.github.usmartkit.internal.upload.Uploader;
import io.github.usmartkit.error.VerificationFailedException;
import io.github.usmartkit.model.VerifyReport;
import io.github.usmartkit.upload.PreflightReport;
import io.github.usmartkit.upload.PublishReport;
import io.github.usmartkit.internal.history.History;
import io.github.usmartkit.error.ServiceException;
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
import java.util.concurrent.RejectedExecutionException;
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

    /** How long the pipelines a replace saw stand in for a view in the next {@link #refreshAll()}. */
    private static final long SEEN_FOR_NANOS = Duration.ofSeconds(60).toNanos();

    private final USmart session;
    private final String guid;
    /** The title the last {@link #view()} saw, for {@link #toString()} only (not part of the value). */
    private volatile String knownTitle;
    /**
     * The pipelines the {@code dataset:view} of the last {@link #replace} listed, for the first
     * {@link #refreshAll()} after it (within {@link #SEEN_FOR_NANOS}); null otherwise. Not part of
     * the value.
     */
    private final java.util.concurrent.atomic.AtomicReference<Seen> seen = new java.util.concurrent.atomic.AtomicReference<>();

    /** Pipelines a view listed, and when. */
    private record Seen(List<PipelineInfo> pipelines, long atNanos) {
    }

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
        DatasetView v = session.api().view(guid);
        knownTitle = v.title();
        return v;
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
        Path f = checked(file, options, Action.FILE_CREATE, guid);
        return CallState.run("add", guid, () -> session.uploads().add(guid, f, options));
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
     * {@code file:updateRevision}. Returns this handle so the chain can go on: the first
     * {@link #refreshAll()} on it, within a minute, refreshes the pipelines that the replace's
     * {@code dataset:view} listed without viewing the dataset again (a new revision does not change
     * them). {@link #replaceFile} returns the upload's details instead.
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
        String f = Args.guid("file", fileGuid, Action.FILE_UPDATE_REVISION.name());
        Path p = checked(file, options, Action.FILE_UPDATE_REVISION, f);
        CallState.run("replace", guid, () -> session.uploads().replace(guid, f, p, options, null,
                v -> seen.set(new Seen(v.pipelines(), System.nanoTime())), r -> { }));
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
        Path p = checked(file, options, Action.FILE_UPDATE_REVISION, f);
        return CallState.run("replace", guid, () -> session.uploads().replace(guid, f, p, options));
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
        return CallState.run("register", guid, () -> session.uploads().register(pending));
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
        return CallState.run("createPipeline", guid, () -> creating(pipelineId, file));
    }

    private PipelineInfo creating(String pipelineId, String file) {
        String id = Args.text("the pipelineId", pipelineId, Action.CONTAINER_CREATE.name(), guid, "a pipeline such as csv-to-api");
        DatasetView v = view();
        Set<String> before = v.pipelines().stream().map(PipelineInfo::resourceContainerGuid).collect(Collectors.toSet());
        // The file it will publish: the one named, else the dataset's first (what the service picks).
        String publishes = file != null ? file : v.files().isEmpty() ? null : v.files().get(0).fileGuid();
        if (session.isDryRun()) {
            session.api().containerCreate(guid, id, file, session.api().deadline()); // planned by the transport, not sent
            return new PipelineInfo(null, id, publishes, "planned", null, null, null);
        }
        long start = System.nanoTime();
        Deadline deadline = session.api().deadline();
        CallState.current().creating();
        try {
            PipelineInfo made = session.transport().retrier().runChecked(deadline, () -> {
                PipelineInfo p = session.api().containerCreate(guid, id, file, deadline);
                if (p.resourceContainerGuid() == null) {
                    // An answer that does not say which container it made (e.g. {"result":[]}) is no proof of
                    // success: ours counts only once dataset:view shows it, and it is not sent again either way.
                    ServiceException unidentified = new ServiceException(Failure.of(Action.CONTAINER_CREATE.name(), guid,
                            "the service answered without saying which container it made", "Check with pipelines()").withStatus(200));
                    PipelineInfo found;
                    try {
                        found = newPipeline(before, id, publishes);
                    } catch (USmartException cannotTell) {
                        throw new Retrier.UnknownOutcome(unidentified, cannotTell);
                    }
                    if (found == null) {
                        throw new Retrier.UnknownOutcome(unidentified, new ServiceException(Failure.of(Action.DATASET_VIEW.name(), guid,
                                "dataset:view shows no new " + id + " pipeline publishing file " + publishes, "Check with pipelines()")));
                    }
                    return found;
                }
                return p;
            }, () -> newPipeline(before, id, publishes)); // did ours land although the answer was lost?
            CallState.current().created();
            recordPipeline(Action.CONTAINER_CREATE, made.resourceContainerGuid(), publishes, "created", start, null);
            return made;
        } catch (Retrier.UnknownOutcome u) {
            Failure f = u.call().failure().about(Action.CONTAINER_CREATE.name(), guid)
                    .withWhat("creating the " + id + " pipeline failed (" + u.call().what() + ") and whether it was created anyway"
                            + " cannot be told: " + u.check().what())
                    .withWhatToDo("It may have landed; check with pipelines() before retrying: calling createPipeline again"
                            + " would make a second pipeline if the first was created");
            recordPipeline(Action.CONTAINER_CREATE, null, publishes, "may-have-landed", start, f.what());
            throw new ServiceException(f, u.call());
        } catch (USmartException e) {
            // interrupted, the history says what the call left (e.g. "may have landed"), not "failed"
            boolean stopped = Thread.currentThread().isInterrupted();
            recordPipeline(Action.CONTAINER_CREATE, null, publishes, stopped ? "stopped" : "failed", start,
                    stopped ? CallState.current().summary() : e.what());
            throw e;
        } catch (ThreadDeath e) {
            // Ctrl-C at the JShell prompt, as for uploads (FileUploads): the sentence, the history, then on up
            CallState.stopped();
            recordPipeline(Action.CONTAINER_CREATE, null, publishes, "stopped", start, CallState.current().summary());
            throw e;
        }
    }

    private void recordPipeline(Action action, String rc, String file, String outcome, long start, String warning) {
        session.historyLog().record(new History.Entry(java.time.Instant.now(), session.org(), action.name(), guid,
                rc != null ? rc : file, null, null, null, null, outcome, Duration.ofNanos(System.nanoTime() - start).toMillis(), warning));
    }

    /**
     * Our new container, if it landed: one not there before, of our pipelineId, publishing our
     * file; never merely "a new container".
     *
     * @throws USmartException when that cannot be told (the view failed, the service does not say
     *                         which file a container publishes, or two match)
     */
    private PipelineInfo newPipeline(Set<String> before, String pipelineId, String publishes) {
        List<PipelineInfo> fresh = view().pipelines().stream()
                .filter(p -> !before.contains(p.resourceContainerGuid()) && pipelineId.equals(p.pipelineId())).toList();
        if (fresh.isEmpty()) {
            return null;
        }
        if (publishes == null || fresh.stream().anyMatch(p -> p.fileGuid() == null)) {
            throw new ServiceException(Failure.of(Action.CONTAINER_CREATE.name(), guid, "dataset:view does not say which file the new "
                    + pipelineId + " container publishes, so the kit cannot tell it is its own", "Check with pipelines()"));
        }
        List<PipelineInfo> ours = fresh.stream().filter(p -> publishes.equals(p.fileGuid())).toList();
        if (ours.size() > 1) {
            throw new ServiceException(Failure.of(Action.CONTAINER_CREATE.name(), guid, ours.size() + " new " + pipelineId
                    + " containers publish file " + publishes + ": another writer made one too", "Check with pipelines()"));
        }
        return ours.isEmpty() ? null : ours.get(0);
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
        return CallState.run("refresh", rc, () -> {
            CallState.current().refreshing(1);
            CallState.current().refreshSent();
            return process(mine);
        });
    }

    private static final String STOPPED_REFRESH = "stopped before the service answered: the refresh may have been queued"
            + " (pipelines() shows it; asking again is safe)";

    /** {@code resourceContainer:process} of a pipeline known to be this dataset's. */
    private RefreshResult process(PipelineInfo pipeline) {
        String rc = pipeline.resourceContainerGuid();
        long start = System.nanoTime();
        PipelineInfo p;
        try {
            p = session.api().process(rc);
        } catch (USmartException e) {
            // Interrupted (a notebook's stop, or refreshAll's pool freed after its caller was stopped), the
            // request may have been sent and queued: the history says so, not "failed".
            boolean stopped = Thread.currentThread().isInterrupted();
            recordPipeline(Action.CONTAINER_PROCESS, rc, null, stopped ? "stopped" : "failed", start,
                    stopped ? STOPPED_REFRESH : e.what());
            throw e;
        } catch (ThreadDeath e) {
            // Ctrl-C at the JShell prompt during refresh(rc): as for uploads, the history line, then on up
            CallState.stopped();
            recordPipeline(Action.CONTAINER_PROCESS, rc, null, "stopped", start, STOPPED_REFRESH);
            throw e;
        }
        String status = p.status() == null ? "requested" : p.status();
        if (!session.isDryRun()) {
            recordPipeline(Action.CONTAINER_PROCESS, rc, null, status, start, null);
        }
        return new RefreshResult(rc, p.pipelineId() != null ? p.pipelineId() : pipeline.pipelineId(), status, null);
    }

    /**
     * Refreshes every output pipeline of the dataset concurrently: one {@code dataset:view},
     * then {@code resourceContainer:process} for each. Right after {@link #replace} the pipelines
     * its view listed are refreshed without a second view.
     *
     * @return one result per pipeline (display it for a table); none, saying so, if the dataset has no pipelines
     * @throws RefreshFailedException if any refresh failed; the message lists every outcome
     * @throws io.github.usmartkit.error.NotFoundException if there is no such dataset
     */
    public RefreshResults refreshAll() {
        return CallState.run("refreshAll", guid, () -> {
            Seen s = seen.getAndSet(null);
            boolean fresh = s != null && System.nanoTime() - s.atNanos() < SEEN_FOR_NANOS;
            return refreshEach(fresh ? s.pipelines() : view().pipelines(), null);
        });
    }

    /** {@code resourceContainer:process} for each of {@code pipelines}, concurrently; {@code only}: what await() waits for (null: all). */
    private RefreshResults refreshEach(List<PipelineInfo> pipelines, Set<String> only) {
        List<RefreshResult> results = new ArrayList<>();
        List<USmartException> failures = new ArrayList<>();
        if (!pipelines.isEmpty()) {
            CallState state = CallState.current();
            state.refreshing(pipelines.size());
            List<Future<RefreshResult>> futures = new ArrayList<>();
            try {
                for (PipelineInfo p : pipelines) {
                    try {
                        futures.add(session.refreshers().submit(() -> {
                            state.refreshSent();
                            return process(p);
                        }));
                    } catch (RejectedExecutionException closed) {
                        // closed (by another thread) before or while the calls were being handed out
                        throw new ConfigurationException(Failure.of(Action.CONTAINER_PROCESS.name(), guid, "the session is closed"
                                + (futures.isEmpty() ? "; no refresh was sent" : "; some refreshes may have been sent"),
                                "Open a new one with USmart.connect() or Kit.connect()"
                                        + (futures.isEmpty() ? "" : "; its pipelines() shows which were queued")), closed);
                    }
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
                // an interrupted refreshAll stops the calls still under way (as shutting a pool of its own down did)
                futures.forEach(f -> f.cancel(true));
            }
        }
        RefreshResults all = new RefreshResults(guid, results, session.isDryRun() ? null
                : timeout -> awaitProcessed(timeout, Duration.ofSeconds(1), ProgressListener.auto(), only));
        if (!failures.isEmpty()) {
            USmartException first = failures.get(0);
            Failure f = first.failure().about(Action.CONTAINER_PROCESS.name(), guid)
                    .withWhat("refresh of " + failures.size() + " of " + results.size() + " pipeline(s) failed: " + all.outcomes())
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
        return awaitProcessed(timeout, pollEvery, ProgressListener.auto());
    }

    /**
     * {@link #awaitProcessed(Duration)} (same calls and exceptions) reporting each poll to
     * {@code progress} as {@code update("refresh <title>", finishedPipelines, allPipelines)}, each
     * pipeline's status change as a {@code stage}, then {@code finished(task, everyPipelineComplete)}:
     * one updating line in a notebook. Without it, {@link ProgressListener#auto()} reports.
     */
    public ProcessingReport awaitProcessed(Duration timeout, ProgressListener progress) {
        return awaitProcessed(timeout, Duration.ofSeconds(1), progress(progress, Action.DATASET_VIEW, guid));
    }

    private ProcessingReport awaitProcessed(Duration timeout, Duration pollEvery, ProgressListener progress) {
        return awaitProcessed(timeout, pollEvery, progress, null);
    }

    /**
     * Waits for the pipelines in {@code only} (null: every pipeline of the dataset); if it fails,
     * ends the progress line (one already shown must not stay open above the error).
     */
    private ProcessingReport awaitProcessed(Duration timeout, Duration pollEvery, ProgressListener progress, Set<String> only) {
        Args.notNegative("timeout", timeout, "awaitProcessed", guid);
        Args.notNegative("pollEvery", pollEvery, "awaitProcessed", guid);
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        return CallState.run("awaitProcessed", guid, () -> {
            CallState.current().watch(listener);
            CallState.current().awaiting(0, -1);
            try {
                return awaitPolling(timeout, pollEvery, listener, only);
            } catch (RuntimeException e) {
                listener.finished("refresh " + guid, false);
                throw e;
            }
        });
    }

    private ProcessingReport awaitPolling(Duration timeout, Duration pollEvery, ProgressListener listener, Set<String> only) {
        long start = System.nanoTime();
        long poll = Math.max(50, pollEvery.toMillis());
        String task = null;
        java.util.Map<String, String> statuses = new java.util.HashMap<>();
        List<PipelineInfo> lastPending = null;
        while (true) {
            DatasetView v;
            Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - start));
            Deadline polled = pollDeadline(left);
            try {
                v = session.api().view(guid, polled);
            } catch (TransportException | ServiceException e) {
                if (lastPending == null || polled.budget().compareTo(session.transport().retrier().policy().maxTotal()) >= 0
                        || Duration.ofNanos(System.nanoTime() - start).compareTo(timeout) < 0) {
                    throw e;
                }
                // The poll had only what was left of the timeout and it ran out: what is known is that they were still pending.
                listener.finished(task, false);
                throw new ProcessingTimeoutException(Failure.of("awaitProcessed", guid, "pipelines still processing after "
                        + timeout.toSeconds() + " s: " + pendingList(lastPending) + " (the last poll got no answer in the time left: "
                        + e.what() + ")", "Wait longer (awaitProcessed(Duration.ofMinutes(10))) or check the pipelines in uSmart"), e);
            }
            knownTitle = v.title();
            List<PipelineInfo> ps = only == null ? v.pipelines()
                    : v.pipelines().stream().filter(p -> only.contains(p.resourceContainerGuid())).toList();
            task = task != null ? task : "refresh " + (v.title() == null ? guid : v.title());
            for (PipelineInfo p : ps) {
                String was = statuses.put(p.resourceContainerGuid(), p.status());
                if (!java.util.Objects.equals(was, p.status())) {
                    listener.stage(task, p.pipelineId() + " " + p.resourceContainerGuid() + ": " + (was == null ? "" : was + " → ") + p.status());
                }
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            List<PipelineInfo> pending = ps.stream().filter(p -> !p.finished()).toList();
            lastPending = pending;
            CallState.current().awaiting(ps.size() - pending.size(), ps.size());
            listener.update(task, ps.size() - pending.size(), ps.size());
            if (pending.isEmpty()) {
                ProcessingReport report = new ProcessingReport(guid, ps, waited);
                listener.finished(task, report.ok());
                return report;
            }
            if (waited.compareTo(timeout) >= 0) {
                listener.finished(task, false);
                throw new ProcessingTimeoutException(Failure.of("awaitProcessed", guid, "pipelines still processing after "
                        + timeout.toSeconds() + " s: " + pendingList(pending), "Wait longer (awaitProcessed(Duration.ofMinutes(10))) or check the pipelines in uSmart"));
            }
            sleep(Duration.ofMillis(Math.min(poll, Math.max(1, timeout.minus(waited).toMillis()))));
        }
    }

    /** The shortest time a poll of awaitProcessed is given, however little is left of its timeout: a round trip and a retry. */
    private static final Duration MIN_POLL = Duration.ofSeconds(2);

    /**
     * The deadline of one poll: what is left of the timeout (at least {@link #MIN_POLL}), never more
     * than a call's own deadline; so that a stalling poll does not keep awaitProcessed a whole
     * call deadline past its timeout.
     */
    private Deadline pollDeadline(Duration left) {
        Duration max = session.transport().retrier().policy().maxTotal();
        Duration budget = left.compareTo(MIN_POLL) < 0 ? MIN_POLL : left;
        return session.transport().retrier().deadline(budget.compareTo(max) < 0 ? budget : max);
    }

    private static String pendingList(List<PipelineInfo> pending) {
        return pending.stream().map(p -> p.pipelineId() + " " + p.resourceContainerGuid() + " is " + p.status()
                + ("new".equals(p.status()) ? " (never processed: call refresh(\"" + p.resourceContainerGuid() + "\"))" : ""))
                .collect(Collectors.joining("; "));
    }

    /**
     * Verifies what the public sees of a file: for every pipeline fed by {@code fileGuid}, every
     * published row is counted through the read API ({@code GET …/latest/urql?limit(-1)}, streamed)
     * and its columns compared with the local file (its rows counted while streaming, its header).
     * Calls {@code dataset:view}, then one read per pipeline. Checks the local file first (no call if it fails).
     *
     * @return one row per pipeline: expected and published rows, columns missing or extra, ok
     * @throws VerificationFailedException if any pipeline serves other rows or columns, failed, or
     *                                     published nothing; {@code e.report()} holds the comparison
     * @throws io.github.usmartkit.error.PreflightFailedException if the local file is malformed (no call made)
     * @throws BadRequestException if {@code fileGuid} is not GUID-like (no call made)
     */
    public VerifyReport verify(String fileGuid, Path file) {
        String f = Args.guid("file", fileGuid, "verify");
        Args.present("file", file, "verify", f, "the path of the local file to compare, e.g. Path.of(\"air.csv\")");
        Uploader.validate(file, true, "verify", f);
        PreflightReport local = Preflight.check(file, file.getFileName().toString(), "verify", f);
        VerifyReport report = verifier().verify(guid, f, Published.fedBy(view(), f), local);
        if (!report.ok()) {
            throw verificationFailed(report, "");
        }
        return report;
    }

    private Verifier verifier() {
        return new Verifier(new Published(session.transport()));
    }

    private VerificationFailedException verificationFailed(VerifyReport report, String context) {
        String differs = report.checks().isEmpty() ? "file " + report.fileGuid() + " feeds no pipeline, so what the public sees of it"
                + " cannot be verified"
                : report.failed().stream().map(c -> (c.pipelineId() == null ? "" : c.pipelineId() + " ") + c.resourceContainerGuid()
                + ": " + c.note()).collect(Collectors.joining("; "));
        return new VerificationFailedException(Failure.of("verify", report.fileGuid(), context + "what the public sees differs from "
                + report.localFile() + ": " + differs, report.checks().isEmpty()
                ? "Create a pipeline for the file (createPipeline(\"csv-to-api\", fileGuid)) or verify the file that feeds one"
                : "Check the pipelines (pipelines() shows failureReason); refresh them (refreshAll()) and verify again;"
                + " e.report() holds the comparison"), report);
    }

    /**
     * {@link #publish(String, Path, UploadOptions, Duration)} with the default options and a
     * 10-minute wait.
     */
    public PublishReport publish(String fileGuid, Path file) {
        return publish(fileGuid, file, UploadOptions.defaults(), Duration.ofMinutes(10));
    }

    /**
     * Publishes a new version of a file and checks what the public then sees, in one call: the
     * preflight of the local file (no call if it fails), the replace (keeping the file's name; the
     * schema guard; nothing sent if the file is unchanged), a refresh of every pipeline fed by the
     * file, the wait until they have processed, and {@link #verify}. An unchanged file is verified
     * first and refreshed only if the public does not see it yet. In a dry-run session the writes
     * are planned, not sent, and nothing is awaited or verified. Recorded in the history as {@code publish}.
     *
     * @param options e.g. {@code UploadOptions.defaults().allowSchemaChange(true)}; its progress
     *                listener also follows the processing
     * @param timeout how long to wait for processing
     * @return the report: one row per step, displayed as a table in notebooks and as text in JShell
     * @throws io.github.usmartkit.error.PreflightFailedException if the local file is malformed (nothing sent)
     * @throws io.github.usmartkit.error.SchemaChangeException if its columns differ from what a pipeline serves (nothing uploaded)
     * @throws io.github.usmartkit.error.RegistrationFailedException if uploaded but not registered
     * @throws RefreshFailedException if a refresh could not be queued
     * @throws ProcessingTimeoutException if processing did not end within {@code timeout}
     * @throws VerificationFailedException if the public does not see the file's rows and columns
     *                                     (a pipeline failed or serves something else)
     */
    public PublishReport publish(String fileGuid, Path file, UploadOptions options, Duration timeout) {
        String f = Args.guid("file", fileGuid, "publish");
        Args.present("file", file, "publish", f, "the path of the file to publish, e.g. Path.of(\"air.csv\")");
        Args.present("options", options, "publish", f, "UploadOptions.defaults()");
        Args.notNegative("timeout", timeout, "publish", f);
        return CallState.run("publish", guid, () -> publishing(f, file, options, timeout));
    }

    private PublishReport publishing(String f, Path file, UploadOptions options, Duration timeout) {
        UploadOptions o = options;
        long start = System.nanoTime();
        String[] name = {file == null ? null : file.getFileName().toString()};
        UploadResult[] replaced = {null};
        try {
            Uploader.validate(file, o.allowEmpty(), "publish", f);
            PreflightReport checked = Preflight.check(file, o.fileName() != null ? o.fileName() : name[0], "publish", f);
            // the replace checks the content as the name it keeps in uSmart says (e.g. a local "export" as the
            // CSV it replaces): the verification compares what the public sees with that reading of it
            PreflightReport[] kept = {checked};
            UploadResult up = session.uploads().replace(guid, f, file, o, checked, v -> { }, r -> kept[0] = r);
            name[0] = up.fileName();
            PreflightReport local = kept[0];
            if (!session.isDryRun() && UploadResult.REPLACED.equals(up.outcome())) {
                replaced[0] = up;
            }
            List<String> warnings = new ArrayList<>(up.warnings());
            if (session.isDryRun()) {
                List<PipelineInfo> fed = Published.fedBy(view(), f);
                RefreshResults planned = fed.isEmpty() ? null : refreshEach(fed, null);
                return new PublishReport(guid, f, PublishReport.PLANNED, local, up, planned, null, null, warnings, since(start));
            }
            List<PipelineInfo> fed = Published.fedBy(view(), f);
            if (fed.isEmpty()) {
                warnings.add("file " + f + " feeds no pipeline: nothing was refreshed, and what the public sees cannot be verified");
                return recorded(new PublishReport(guid, f, up.unchanged() ? PublishReport.UNCHANGED : PublishReport.PUBLISHED, local, up,
                        null, null, null, warnings, since(start)), start);
            }
            if (up.unchanged()) {
                VerifyReport already = verifier().verify(guid, f, fed, local);
                if (already.ok()) {
                    return recorded(new PublishReport(guid, f, PublishReport.UNCHANGED, local, up, null, null, already, warnings,
                            since(start)), start);
                }
                warnings.add("the file was unchanged but the public did not see it (" + already.summary() + "): its pipelines were refreshed");
            }
            Set<String> mine = fed.stream().map(PipelineInfo::resourceContainerGuid).collect(Collectors.toSet());
            RefreshResults refreshed = refreshEach(fed, mine);
            ProgressListener progress = o.progress() == null ? ProgressListener.auto() : o.progress();
            ProcessingReport processed = awaitProcessed(timeout, Duration.ofSeconds(1), progress, mine);
            VerifyReport verified = verifier().verify(guid, f, processed.pipelines(), local);
            PublishReport report = new PublishReport(guid, f, up.unchanged() ? PublishReport.UNCHANGED : PublishReport.PUBLISHED,
                    local, up, refreshed, processed, verified, warnings, since(start));
            if (!verified.ok()) {
                throw verificationFailed(verified, "file " + f + " was " + (up.unchanged() ? "left unchanged" : "replaced (revision "
                        + up.revision() + ")") + " and its pipelines processed, but ");
            }
            return recorded(report, start);
        } catch (USmartException failed) {
            if (Thread.currentThread().isInterrupted()) {
                // a notebook's stop: the line says what the publish left (CallState), not "failed"
                recordStopped(f, name[0], start);
                throw failed;
            }
            USmartException e = replaced[0] == null || failed instanceof VerificationFailedException ? failed
                    : afterReplace(failed, replaced[0]);
            session.historyLog().record(new History.Entry(java.time.Instant.now(), session.org(), "publish", guid, f, name[0],
                    null, null, null, e instanceof VerificationFailedException ? "verification-failed" : "failed",
                    since(start).toMillis(), e.what()));
            throw e;
        } catch (ThreadDeath e) {
            // Ctrl-C at the JShell prompt, as for uploads: the line, then on up
            CallState.stopped();
            recordStopped(f, name[0], start);
            throw e;
        }
    }

    private void recordStopped(String file, String name, long start) {
        session.historyLog().record(new History.Entry(java.time.Instant.now(), session.org(), "publish", guid, file, name,
                null, null, null, "stopped", since(start).toMillis(), CallState.current().summary()));
    }

    /**
     * A failure of publish after its new revision landed (a refresh, the wait or a view failing),
     * of the same kind, saying that the file was replaced: the caller must not take the failure for
     * "nothing changed". Publishing again finishes the job: the file is unchanged then, so it is
     * verified and refreshed only if the public does not see it yet.
     */
    private static USmartException afterReplace(USmartException e, UploadResult up) {
        Failure f = e.failure().withWhat("file " + up.fileGuid() + " was replaced (revision " + up.revision() + ", " + up.bytes()
                + " bytes), then " + e.what()).withWhatToDo(e.whatToDo() + (e.whatToDo().isEmpty() ? "" : "; then ")
                + "publish again: the file is unchanged now, so it is not sent again, and its pipelines are refreshed and verified");
        Throwable cause = e.getCause();
        if (e instanceof RefreshFailedException r) {
            return new RefreshFailedException(f, cause, r.results());
        }
        if (e instanceof ProcessingTimeoutException) {
            return new ProcessingTimeoutException(f, cause);
        }
        if (e instanceof TransportException) {
            return new TransportException(f, cause);
        }
        if (e instanceof ServiceException) {
            return new ServiceException(f, cause);
        }
        if (e instanceof NotFoundException) {
            return new NotFoundException(f, cause);
        }
        if (e instanceof io.github.usmartkit.error.RateLimitedException) {
            return new io.github.usmartkit.error.RateLimitedException(f, cause);
        }
        if (e instanceof io.github.usmartkit.error.PermissionException) {
            return new io.github.usmartkit.error.PermissionException(f, cause);
        }
        if (e instanceof io.github.usmartkit.error.AuthenticationException) {
            return new io.github.usmartkit.error.AuthenticationException(f, cause);
        }
        return e; // the other kinds (a closed session, a refused argument) say nothing of the service's state
    }

    private PublishReport recorded(PublishReport r, long start) {
        session.historyLog().record(new History.Entry(java.time.Instant.now(), session.org(), "publish", guid, r.fileGuid(),
                r.upload().fileName(), r.upload().unchanged() ? null : r.upload().bytes(), r.upload().md5(), r.upload().reference(),
                r.outcome(), since(start).toMillis(), r.warnings().isEmpty() ? null : String.join("; ", r.warnings())));
        return r;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The first rows (100) of the dataset's pipeline, as a table typed by the JSON (see
     * {@link RowQuery}): {@code dataset:view} (to find the pipeline), then one URQL GET. For a
     * dataset with several pipelines name one: {@link #rows(String)}.
     *
     * @throws BadRequestException if the dataset has no pipeline or several (the message lists them)
     * @throws NotFoundException if there is no such dataset, or its pipeline never completed processing
     */
    public Table rows() {
        return read().table();
    }

    /**
     * The first rows (100) of one of this dataset's pipelines, as a table: one URQL GET, as
     * {@link USmart#rows(String)} (the container is not checked to be this dataset's).
     *
     * @throws BadRequestException if the GUID is malformed (no call made)
     * @throws NotFoundException if there is no such container or it never completed processing
     */
    public Table rows(String resourceContainerGuid) {
        return session.rows(resourceContainerGuid);
    }

    /**
     * A read query on the dataset's pipeline, to refine ({@code read().where(gt("no2", 40)).all().table()}):
     * calls {@code dataset:view} now to find the pipeline; the rows are read when the query is.
     *
     * @throws BadRequestException if the dataset has no pipeline or several (the message lists them)
     * @throws NotFoundException if there is no such dataset
     */
    public RowQuery read() {
        return session.read(onlyPipeline());
    }

    /**
     * A read query on one of this dataset's pipelines, as {@link USmart#read(String)}; no call until it is read.
     *
     * @throws BadRequestException if the GUID is malformed
     */
    public RowQuery read(String resourceContainerGuid) {
        return session.read(resourceContainerGuid);
    }

    /** The dataset's one pipeline's container GUID, from {@code dataset:view}. */
    private String onlyPipeline() {
        DatasetView v = view();
        List<PipelineInfo> ps = v.pipelines();
        String label = guid + (v.title() == null ? "" : " (" + v.title() + ")");
        if (ps.size() == 1) {
            return ps.get(0).resourceContainerGuid();
        }
        if (ps.isEmpty()) {
            throw new BadRequestException(Failure.of(Action.URQL.name(), guid, "dataset " + label + " has no pipeline, so no rows to read",
                    "Publish it first: createPipeline(\"csv-to-api\"), then refresh(rc) and awaitProcessed(..)"));
        }
        String list = ps.stream().map(p -> p.resourceContainerGuid() + " (" + p.pipelineId() + ", " + p.status() + ")")
                .collect(Collectors.joining(", "));
        throw new BadRequestException(Failure.of(Action.URQL.name(), guid, "dataset " + label + " has " + ps.size()
                + " pipelines: " + list, "Name the one to read: rows(rc) or read(rc) with rc one of " + ps.stream()
                .map(PipelineInfo::resourceContainerGuid).collect(Collectors.joining(", "))));
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

    /** One short line, without a call: {@code Dataset[114f8ea9… "Air quality readings"]} (the title once a view has shown it). */
    @Override
    public String toString() {
        String title = knownTitle;
        return "Dataset[" + io.github.usmartkit.internal.render.TableStyle.shortGuid(guid) + (title == null ? "" : " \"" + title + "\"") + "]";
    }
}

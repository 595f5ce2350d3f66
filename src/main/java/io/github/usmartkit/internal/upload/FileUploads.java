package io.github.usmartkit.internal.upload;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.cancel.CallState;
import io.github.usmartkit.internal.history.History;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Deadline;
import io.github.usmartkit.internal.http.Outcome;
import io.github.usmartkit.internal.http.Problem;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.http.Retrier;
import io.github.usmartkit.internal.http.UsmartApi;
import io.github.usmartkit.internal.http.UsmartApi.SignedPut;
import io.github.usmartkit.internal.plan.Planner;
import io.github.usmartkit.internal.preflight.Preflight;
import io.github.usmartkit.internal.publish.Published;
import io.github.usmartkit.internal.publish.SchemaGuard;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PlannedWrite;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.upload.PendingRegistration;
import io.github.usmartkit.upload.PreflightReport;
import io.github.usmartkit.upload.PutResult;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The whole upload of a file into a dataset: check the file locally (preflight), look at the
 * dataset, leave an unchanged file alone, refuse a schema change, ask for a signed URL, PUT it
 * (fresh URL and new PUT on expiry or a transient failure), then register it with
 * {@code file:create} / {@code file:updateRevision}, which is not repeated blindly: after an
 * ambiguous failure {@code dataset:view} tells whether OUR registration landed, recognised by
 * the upload's reference when the service reports it, else by the MD5 the kit computed with the
 * size and name; never by a newer revision or a file of that name alone. If that cannot be told,
 * the exception says so and nothing is sent again. If the upload worked and the registration did
 * not, a {@link RegistrationFailedException} carries what is needed to retry only the
 * registration. Every outcome is recorded in the history; in a dry run nothing is uploaded or
 * registered, and the plan says what would have been.
 */
public final class FileUploads {

    private static final System.Logger LOG = System.getLogger("io.github.usmartkit.upload");

    private final UsmartApi api;
    private final Uploader uploader;
    private final History history;
    private final String org;
    private final Published published;
    private final SchemaGuard guard;

    public FileUploads(UsmartApi api, Uploader uploader) {
        this(api, uploader, History.off());
    }

    public FileUploads(UsmartApi api, Uploader uploader, History history) {
        this.api = api;
        this.uploader = uploader;
        this.history = history;
        this.org = api.transport().endpoints().org();
        this.published = new Published(api.transport());
        this.guard = new SchemaGuard(published);
    }

    private Planner planner() {
        return api.transport().planner();
    }

    /**
     * Adds a file to a dataset: the preflight (no call), {@code dataset:view},
     * {@code s3:generatePutRequest}, the PUT, then {@code file:create}; no call at all if the file
     * is unusable. Named by the local base name unless {@code options} names it.
     *
     * @throws io.github.usmartkit.error.PreflightFailedException if the file fails the local check (nothing sent)
     * @throws io.github.usmartkit.error.UploadFailedException if the file is unusable or the PUT fails (nothing registered)
     * @throws RegistrationFailedException if the upload worked but registering failed (or may have)
     */
    public UploadResult add(String datasetGuid, Path path, UploadOptions options) {
        UploadOptions o = withProgress(options);
        String name = o.fileName() != null ? o.fileName() : path == null ? null : path.getFileName().toString();
        return recorded(Action.FILE_CREATE, datasetGuid, null, name, () -> {
            long size = Uploader.validate(path, o.allowEmpty(), Action.FILE_CREATE.name(), datasetGuid);
            Preflight.check(path, name, Action.FILE_CREATE.name(), datasetGuid);
            DatasetView before = api.view(datasetGuid);
            List<String> known = before.files().stream().map(FileInfo::fileGuid).filter(Objects::nonNull).toList();
            if (planner() != null) {
                return planned(Action.FILE_CREATE, datasetGuid, null, path, name, size, null, null, List.of());
            }
            CallState.current().uploading(name, null);
            Uploaded up = ended(o, path, () -> upload(path, size, name, o, datasetGuid, () -> api.signedPut(name, datasetGuid)));
            return registered(o, path, register(new PendingRegistration(datasetGuid, null, up.reference, name, size, up.md5(), null, known),
                    up, null));
        });
    }

    /** {@link #replace(String, String, Path, UploadOptions, PreflightReport)} running the preflight itself. */
    public UploadResult replace(String datasetGuid, String fileGuid, Path path, UploadOptions options) {
        return replace(datasetGuid, fileGuid, path, options, null);
    }

    /**
     * Replaces a file's content with a new revision, keeping its name in uSmart (unless
     * {@code options} renames it): the preflight (no call) while {@code dataset:view} and the
     * read API for the schema guard go ahead (reads: {@link Lookahead}), {@code s3:generatePutRequest},
     * the PUT, then {@code file:updateRevision}; nothing is PUT or registered before every check
     * has passed. Nothing is uploaded when the file's MD5 and size equal the current revision's
     * (unless forced).
     *
     * @param checked the preflight already made of {@code path}, or null to make it here
     * @throws NotFoundException if the dataset has no such file (checked before uploading)
     * @throws SchemaChangeException if the columns differ from what a published pipeline serves (nothing uploaded)
     * @throws io.github.usmartkit.error.PreflightFailedException if the file fails the local check (nothing uploaded or
     *                                                          written: the only calls it may have met are the reads)
     * @throws io.github.usmartkit.error.UploadFailedException if the file is unusable or the PUT fails (nothing registered)
     * @throws RegistrationFailedException if the upload worked but registering failed (or may have)
     */
    public UploadResult replace(String datasetGuid, String fileGuid, Path path, UploadOptions options, PreflightReport checked) {
        return replace(datasetGuid, fileGuid, path, options, checked, v -> { }, r -> { });
    }

    /**
     * {@link #replace(String, String, Path, UploadOptions, PreflightReport)}, handing {@code viewed}
     * the dataset as its {@code dataset:view} showed it before the upload (its pipelines do not
     * change with a new revision: a refresh right after need not view it again), and
     * {@code passed} the preflight the new content passed, as the name it keeps says (what a
     * publish verifies against; {@code checked} itself unless that name says another format).
     */
    public UploadResult replace(String datasetGuid, String fileGuid, Path path, UploadOptions options, PreflightReport checked,
                                java.util.function.Consumer<DatasetView> viewed, java.util.function.Consumer<PreflightReport> passed) {
        UploadOptions o = withProgress(options);
        Objects.requireNonNull(fileGuid, "fileGuid");
        String local = path == null ? null : path.getFileName().toString();
        String[] named = {o.fileName() != null ? o.fileName() : local};
        return recorded(Action.FILE_UPDATE_REVISION, datasetGuid, fileGuid, named, () -> {
            long size = Uploader.validate(path, o.allowEmpty(), Action.FILE_UPDATE_REVISION.name(), fileGuid);
            String checkedAs = o.fileName() != null ? o.fileName() : local;
            // The calls that change nothing go ahead while the preflight reads the file here; their
            // answers are taken below in the order the checks make them, so that each failure is the one it was.
            try (Lookahead ahead = Lookahead.start(api, published, new Lookahead.Replace(datasetGuid, fileGuid, path, size, local,
                    o.fileName(), o.force(), checked != null ? checked.csv() : Lookahead.csvName(checkedAs), planner() != null))) {
                PreflightReport checkedAsLocal = checked != null ? checked
                        : Preflight.check(path, checkedAs, Action.FILE_UPDATE_REVISION.name(), fileGuid);
                DatasetView before = ahead.view();
                viewed.accept(before);
                FileInfo current = before.files().stream().filter(f -> fileGuid.equals(f.fileGuid())).findFirst().orElseThrow(() -> {
                    String files = before.files().stream().map(FileInfo::toString).collect(java.util.stream.Collectors.joining("; "));
                    return new NotFoundException(Failure.of(Action.FILE_UPDATE_REVISION.name(), fileGuid,
                            "dataset " + datasetGuid + " has no such file",
                            before.files().isEmpty() ? "The dataset has no files yet: use add(path) to add one"
                                    : "Its files are: " + files + ". Use one of those GUIDs, or add(path) for a new file")
                            .withService("NotFound", null));
                });
                List<String> warnings = new ArrayList<>();
                // Keep the name the file has in uSmart: a replace is new content, not a rename.
                String name = Lookahead.registeredName(current, o.fileName(), local);
                if (o.fileName() == null && current.fileName() == null) {
                    warnings.add("the service did not report the file's current name: registered as " + local
                            + " (UploadOptions.defaults().fileName(..) sets it)");
                }
                named[0] = name;
                PreflightReport pre = checkedAs(path, name, checkedAsLocal, fileGuid);
                passed.accept(pre);
                String md5 = null;
                if (Lookahead.mayBeUnchanged(current, size, o.force())) {
                    md5 = ahead.md5();
                    if (md5.equalsIgnoreCase(current.md5())) {
                        return new UploadResult(Action.FILE_UPDATE_REVISION.name(), datasetGuid, fileGuid, current.fileName(), size,
                                current.revision(), md5, null, warnings, UploadResult.UNCHANGED, null);
                    }
                }
                SchemaGuard.Verdict verdict = guard.check(before, fileGuid, pre, o.allowSchemaChange(), Action.FILE_UPDATE_REVISION.name(),
                        ahead::sample);
                // Only now, every check passed, is the URL asked for: a refused file gets none. It costs no time:
                // the view and the guard's reads ran while the preflight read the file, and are in by now.
                ahead.checksPassed();
                if (verdict.changed()) {
                    warnings.add("schema: " + verdict.text());
                }
                if (planner() != null) {
                    return planned(Action.FILE_UPDATE_REVISION, datasetGuid, fileGuid, path, name, size, md5, verdict.text(), warnings);
                }
                String registeredAs = name;
                CallState.current().uploading(name, current.revision());
                Uploaded up = ended(o, path, () -> upload(path, size, registeredAs, o, fileGuid, () -> ahead.signedPut(registeredAs)));
                up.warnings.addAll(warnings);
                return registered(o, path, register(new PendingRegistration(datasetGuid, fileGuid, up.reference, name, size, up.md5(),
                        current.revision(), null), up, current.md5()));
            }
        });
    }

    /**
     * The preflight of a replace's new content as the name it is registered under says. A replace
     * keeps the file's name in uSmart, and its pipelines read the content as that name says: a
     * local {@code export} or {@code data.txt} (checked as nothing by its own name) replacing
     * {@code air.csv} must pass as CSV, and a CSV replacing {@code points.geojson} as GeoJSON. A
     * name that says no format leaves the check its local name made.
     */
    private static PreflightReport checkedAs(Path path, String registeredName, PreflightReport local, String fileGuid) {
        String format = Preflight.formatOf(registeredName);
        if (format.equals("other") || format.equals(local.format())) {
            return local;
        }
        try {
            return Preflight.check(path, registeredName, Action.FILE_UPDATE_REVISION.name(), fileGuid);
        } catch (PreflightFailedException e) {
            throw new PreflightFailedException(e.failure().withWhat(e.what() + " (checked as " + format.toUpperCase(java.util.Locale.ROOT)
                    + ": it replaces " + registeredName + ", whose name it keeps)"), e, e.file(), e.line(), e.column());
        }
    }

    /**
     * Registers an uploaded object whose registration failed (no second upload), checking first:
     * {@code dataset:view}; if it landed after all, its result without any further call; only if
     * it certainly did not, {@code file:create} or {@code file:updateRevision}.
     *
     * @throws RegistrationFailedException if registering fails again, or the kit cannot tell whether it landed (nothing sent)
     */
    public UploadResult register(PendingRegistration p) {
        return recorded(p.fileGuid() == null ? Action.FILE_CREATE : Action.FILE_UPDATE_REVISION, p.datasetGuid(), p.fileGuid(),
                new String[] {p.fileName()}, () -> checkThenRegister(p, new Uploaded(p.reference(), null, new ArrayList<>()), null));
    }

    private UploadResult recorded(Action action, String dataset, String file, String name, Supplier<UploadResult> work) {
        return recorded(action, dataset, file, new String[] {name}, work);
    }

    /** Runs an upload and records its outcome (success or failure) in the history. */
    private UploadResult recorded(Action action, String dataset, String file, String[] name, Supplier<UploadResult> work) {
        long start = System.nanoTime();
        try {
            UploadResult r = work.get();
            if (!UploadResult.PLANNED.equals(r.outcome())) {
                history.record(new History.Entry(Instant.now(), org, action.name(), dataset, r.fileGuid(), r.fileName(),
                        r.unchanged() ? null : r.bytes(), r.md5(), r.reference(), r.outcome(), millis(start),
                        r.warnings().isEmpty() ? null : String.join("; ", r.warnings())));
            }
            return r;
        } catch (USmartException e) {
            if (Thread.currentThread().isInterrupted()) {
                // interrupted (a notebook's stop button): the history says what it left, as for Ctrl-C below
                history.record(new History.Entry(Instant.now(), org, action.name(), dataset, file, name[0], null, null, null,
                        "stopped", millis(start), CallState.current().summary()));
                throw e;
            }
            String outcome = e instanceof RegistrationFailedException r ? (r.mayHaveLanded() ? "may-have-landed" : "registration-failed")
                    : e instanceof PreflightFailedException || e instanceof SchemaChangeException ? "refused"
                    : e instanceof UploadFailedException ? "upload-failed" : "failed";
            PendingRegistration p = e instanceof RegistrationFailedException r ? r.pending() : null;
            history.record(new History.Entry(Instant.now(), org, action.name(), dataset, file, name[0],
                    p == null ? null : p.fileSize(), p == null ? null : p.md5(), p == null ? null : p.reference(), outcome,
                    millis(start), e.what()));
            throw e;
        } catch (ThreadDeath e) {
            // Ctrl-C at the JShell prompt: the write stopped half way; the history says what it left
            CallState.stopped();
            history.record(new History.Entry(Instant.now(), org, action.name(), dataset, file, name[0], null, null, null,
                    "stopped", millis(start), CallState.current().summary()));
            throw e;
        }
    }

    private static long millis(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** A dry run's result: the PUT and the register call planned, nothing sent. */
    private UploadResult planned(Action action, String datasetGuid, String fileGuid, Path path, String name, long size,
                                 String md5Known, String verdict, List<String> warnings) {
        String md5 = md5Known != null ? md5Known : FileDigest.md5(path, action.name(), fileGuid != null ? fileGuid : datasetGuid);
        Instant now = Instant.now();
        planner().plan(new PlannedWrite(now, Action.PUT.name(), datasetGuid, fileGuid, null, name, size, md5, null,
                "upload to a signed URL (s3:generatePutRequest)"));
        planner().plan(new PlannedWrite(now, action.name(), datasetGuid, fileGuid, null, name, size, md5, verdict, null));
        return new UploadResult(action.name(), datasetGuid, fileGuid, name, size, null, md5, null, warnings, UploadResult.PLANNED, null);
    }

    /** The options, with the progress display for where the code runs when none was given. */
    private static UploadOptions withProgress(UploadOptions options) {
        UploadOptions o = options == null ? UploadOptions.defaults() : options;
        o = o.progress() != null ? o : o.progress(ProgressListener.auto());
        CallState.current().watch(o.progress());
        return o;
    }

    /** Runs the upload; if it fails, ends its progress line (one already shown must not stay open above the error). */
    private static Uploaded ended(UploadOptions o, Path path, java.util.function.Supplier<Uploaded> upload) {
        try {
            return upload.get();
        } catch (RuntimeException e) {
            o.progress().finished("upload " + path.getFileName(), false);
            throw e;
        }
    }

    /** Reports the registration as the upload's last stage (the PUT's own "done" came before it). */
    private static UploadResult registered(UploadOptions o, Path path, UploadResult r) {
        o.progress().stage("upload " + path.getFileName(), "registered" + (r.revision() == null ? "" : " as revision " + r.revision()));
        return r;
    }

    private record Uploaded(String reference, PutResult put, List<String> warnings) {
        String md5() {
            return put == null ? null : put.md5();
        }
    }

    /** @param firstUrl the first attempt's signed URL (each retry asks for a fresh one) */
    private Uploaded upload(Path path, long size, String name, UploadOptions o, String guid, Supplier<SignedPut> firstUrl) {
        ProgressListener progress = o.progress();
        progress.stage("upload " + path.getFileName(), "asking for an upload URL");
        SignedPut[] first = {firstUrl.get()};
        String[] reference = {null};
        Duration time = uploader.timeFor(size);
        Deadline deadline = api.transport().retrier().deadline(
                time.compareTo(api.transport().retrier().policy().maxTotal()) > 0 ? time : api.transport().retrier().policy().maxTotal());
        PutResult put = api.transport().retrier().run(Action.PUT, deadline, limit -> {
            SignedPut s;
            try {
                s = first[0] != null ? first[0] : api.signedPut(name, guid, deadline);
            } catch (USmartException e) {
                if (!deadline.passed()) {
                    throw e;
                }
                // The deadline ran out while fetching a retry's URL: the PUT's failure before it is the one to report.
                return Outcome.failed(Problem.definite(Kind.UPLOAD, e.failure(), e));
            }
            first[0] = null; // each retry gets a fresh URL: the old one may have expired
            reference[0] = s.reference();
            // What is left after fetching the URL, not the attempt's start: the PUT must end by the deadline.
            Outcome<PutResult> out = uploader.attempt(s.url(), s.contentType(), path, size, progress, Action.PUT.name(), guid,
                    deadline.remaining());
            if (out.failed()) {
                Problem p = out.problem();
                return Outcome.failed(p.as(Kind.UPLOAD).with(p.failure().withWhat("upload of " + name + " failed: " + p.failure().what())));
            }
            return out;
        });
        List<String> warnings = new ArrayList<>();
        if (Boolean.FALSE.equals(put.etagMatches())) {
            String w = "the object store's ETag " + put.etag() + " differs from the MD5 " + put.md5() + " of the "
                    + size + " bytes sent for " + name + " (normal under KMS encryption; otherwise check the file in uSmart)";
            warnings.add(w);
            LOG.log(System.Logger.Level.WARNING, w);
        }
        return new Uploaded(reference[0], put, warnings);
    }

    /** What the landed-check found: our registration's file, or null (certainly not landed). */
    private record Landing(FileInfo file) {
    }

    /**
     * Registers an uploaded object. Not repeated blindly: after an ambiguous failure (5xx,
     * timeout, reset) dataset:view shows whether ours landed; only if it certainly did not is it
     * sent again.
     *
     * @param oldMd5 the file's MD5 before the upload (a replace), or null
     */
    private UploadResult register(PendingRegistration p, Uploaded up, String oldMd5) {
        boolean create = p.fileGuid() == null;
        Action action = create ? Action.FILE_CREATE : Action.FILE_UPDATE_REVISION;
        Deadline deadline = api.deadline();
        CallState.current().registering(p.fileName(), create);
        try {
            return api.transport().retrier().runChecked(deadline, () -> {
                FileInfo f = create
                        ? api.fileCreate(p.datasetGuid(), p.reference(), p.fileName(), p.fileSize(), deadline)
                        : api.updateRevision(p.fileGuid(), p.reference(), p.fileName(), p.fileSize(), deadline);
                if (f.fileGuid() == null) {
                    // An answer that does not say which file it registered (e.g. {"result":"ok"}) is no proof of
                    // success: ours counts only once dataset:view shows it. Not sent again either way (it may
                    // have landed where the view does not show it yet).
                    ServiceException unidentified = unidentified(action, p);
                    Landing l;
                    try {
                        l = landing(p, oldMd5);
                    } catch (USmartException cannotTell) {
                        throw new Retrier.UnknownOutcome(unidentified, cannotTell);
                    }
                    if (l.file() == null) {
                        throw new Retrier.UnknownOutcome(unidentified, new ServiceException(Failure.of(Action.DATASET_VIEW.name(),
                                p.datasetGuid(), "dataset:view does not show " + (create ? "a new file " + p.fileName()
                                + " of " + p.fileSize() + " bytes" : "a new revision of file " + p.fileGuid()) + " with the upload's MD5",
                                "Check with files()")));
                    }
                    return result(action, p, l.file(), up, List.of());
                }
                return result(action, p, f, up, List.of());
            }, () -> {
                Landing l = landing(p, oldMd5);
                return l.file() == null ? null : result(action, p, l.file(), up, List.of());
            });
        } catch (Retrier.UnknownOutcome u) {
            throw mayHaveLanded(p, up, oldMd5, u.call(), u.check());
        } catch (USmartException last) {
            Failure f = last.failure().about(action.name(), create ? p.datasetGuid() : p.fileGuid())
                    .withWhat("the file " + p.fileName() + " was uploaded (reference " + p.reference()
                            + ") but registering it failed: " + last.what())
                    .withWhatToDo("Retry only the registration (no second upload) with e.retryRegister() or dataset.register(e.pending()):"
                            + " it checks first that it did not land");
            throw new RegistrationFailedException(f, last, p, retrying(up, oldMd5, true), retrying(up, oldMd5, false), false);
        }
    }

    /** The service answered the register call without describing the file (a result that is text, a list, or has no fileGUID). */
    private static ServiceException unidentified(Action action, PendingRegistration p) {
        return new ServiceException(Failure.of(action.name(), p.fileGuid() != null ? p.fileGuid() : p.datasetGuid(),
                "the service answered without saying which file it registered", "Check with files()").withStatus(200));
    }

    /** The retry helpers' path: the landed-check first, the register call only if it certainly did not land. */
    private UploadResult checkThenRegister(PendingRegistration p, Uploaded up, String oldMd5) {
        Landing l;
        try {
            l = landing(p, oldMd5);
        } catch (USmartException cannotTell) {
            throw mayHaveLanded(p, up, oldMd5, null, cannotTell);
        }
        if (l.file() != null) {
            return result(p.fileGuid() == null ? Action.FILE_CREATE : Action.FILE_UPDATE_REVISION, p, l.file(), up,
                    List.of("the earlier registration had landed: nothing was sent again"));
        }
        return register(p, up, oldMd5);
    }

    private RegistrationFailedException mayHaveLanded(PendingRegistration p, Uploaded up, String oldMd5, USmartException call,
                                                      USmartException check) {
        boolean create = p.fileGuid() == null;
        Action action = create ? Action.FILE_CREATE : Action.FILE_UPDATE_REVISION;
        USmartException base = call != null ? call : check;
        String ours = create ? "a new file " + p.fileName() : "a new revision of file " + p.fileGuid()
                + (p.revisionBefore() == null ? "" : " (after revision " + p.revisionBefore() + ")");
        Failure f = base.failure().about(action.name(), create ? p.datasetGuid() : p.fileGuid())
                .withWhat("the file " + p.fileName() + " was uploaded (reference " + p.reference() + ", " + p.fileSize()
                        + " bytes, MD5 " + p.md5() + ")" + (call == null ? "" : " and registering it failed: " + call.what())
                        + "; whether the registration landed cannot be told: " + check.what())
                .withWhatToDo("It may have landed; check with files() before retrying: look for " + ours + " of " + p.fileSize()
                        + " bytes. e.retryRegister() checks again and sends nothing while it cannot tell; if it did not land,"
                        + " e.registerAnyway() registers the upload without a second upload");
        return new RegistrationFailedException(f, call != null ? call : check, p, retrying(up, oldMd5, true),
                retrying(up, oldMd5, false), true);
    }

    /** The retry helpers of a RegistrationFailedException: recorded in the history like the first attempt. */
    private java.util.function.Function<PendingRegistration, UploadResult> retrying(Uploaded up, String oldMd5, boolean checkFirst) {
        return again -> recorded(again.fileGuid() == null ? Action.FILE_CREATE : Action.FILE_UPDATE_REVISION, again.datasetGuid(),
                again.fileGuid(), new String[] {again.fileName()},
                () -> checkFirst ? checkThenRegister(again, up, oldMd5) : register(again, up, oldMd5));
    }

    /**
     * Whether OUR registration landed, from a fresh {@code dataset:view}.
     *
     * @throws USmartException when it cannot be told: the view failed, or nothing identifies our write
     */
    private Landing landing(PendingRegistration p, String oldMd5) {
        DatasetView now = api.view(p.datasetGuid());
        return p.fileGuid() == null ? landedCreate(now, p) : landedUpdate(now, p, oldMd5);
    }

    private static Landing landedCreate(DatasetView now, PendingRegistration p) {
        List<FileInfo> fresh = now.files().stream()
                .filter(f -> p.filesBefore() == null || !p.filesBefore().contains(f.fileGuid())).toList();
        if (now.files().stream().anyMatch(f -> f.reference() != null)) {
            return new Landing(fresh.stream().filter(f -> p.reference().equals(f.reference())).findFirst().orElse(null));
        }
        if (p.md5() == null) {
            throw cannotTell(p, "the kit has no MD5 of the upload to recognise its file by");
        }
        List<FileInfo> alike = fresh.stream().filter(f -> p.fileName().equals(f.fileName())
                && (f.fileSize() == null || f.fileSize() == p.fileSize())).toList();
        if (alike.isEmpty()) {
            return new Landing(null);
        }
        if (p.filesBefore() == null) {
            throw cannotTell(p, "the dataset has a file of that name and size, and the kit does not know whether it was there before");
        }
        if (alike.stream().anyMatch(f -> f.md5() == null)) {
            throw cannotTell(p, "dataset:view reports no MD5 for the files, so the kit cannot tell its file from another writer's"
                    + " of the same name and size");
        }
        List<FileInfo> ours = alike.stream().filter(f -> p.md5().equalsIgnoreCase(f.md5())).toList();
        if (ours.size() > 1) {
            throw cannotTell(p, ours.size() + " new files have the name, size and MD5 of the upload");
        }
        return new Landing(ours.isEmpty() ? null : ours.get(0));
    }

    private static Landing landedUpdate(DatasetView now, PendingRegistration p, String oldMd5) {
        FileInfo f = now.files().stream().filter(x -> p.fileGuid().equals(x.fileGuid())).findFirst()
                .orElseThrow(() -> cannotTell(p, "the file is no longer in the dataset"));
        Long rev = f.revision();
        Long before = p.revisionBefore();
        boolean revisions = rev != null && before != null;
        if (f.reference() != null) {
            if (p.reference().equals(f.reference())) {
                return new Landing(f);
            }
            if (!revisions || rev <= before + 1) {
                return new Landing(null);
            }
            throw cannotTell(p, "the file went from revision " + before + " to " + rev + " and holds another upload: ours may have"
                    + " landed and been replaced by another writer's");
        }
        if (p.md5() == null) {
            throw cannotTell(p, "the kit has no MD5 of the upload to recognise its revision by");
        }
        if (f.md5() == null) {
            throw cannotTell(p, "dataset:view reports no MD5 for the file, so the kit cannot tell its revision from another writer's");
        }
        boolean sameBytes = p.md5().equalsIgnoreCase(f.md5()) && (f.fileSize() == null || f.fileSize() == p.fileSize());
        if (sameBytes) {
            if (revisions) {
                return new Landing(rev > before ? f : null);
            }
            if (oldMd5 != null && oldMd5.equalsIgnoreCase(p.md5())) {
                throw cannotTell(p, "the file held these bytes before and the service reports no revision numbers");
            }
            return new Landing(f);
        }
        if (revisions) {
            if (rev <= before + 1) {
                return new Landing(null); // unchanged, or one revision that is another writer's: ours did not land
            }
            throw cannotTell(p, "the file went from revision " + before + " to " + rev + " and holds other bytes (MD5 " + f.md5()
                    + "): ours may have landed and been replaced by another writer's");
        }
        if (oldMd5 != null && oldMd5.equalsIgnoreCase(f.md5())) {
            return new Landing(null);
        }
        throw cannotTell(p, "the file holds other bytes than ours and the service reports no revision numbers");
    }

    private static ServiceException cannotTell(PendingRegistration p, String why) {
        return new ServiceException(Failure.of(p.action(), p.fileGuid() != null ? p.fileGuid() : p.datasetGuid(), why,
                "Check with files() before retrying"));
    }

    private UploadResult result(Action action, PendingRegistration p, FileInfo f, Uploaded up, List<String> extra) {
        List<String> warnings = new ArrayList<>(up.warnings);
        warnings.addAll(extra);
        Long before = p.revisionBefore();
        if (before != null && f.revision() != null && f.revision() > before + 1) {
            String w = "another writer changed file " + p.fileGuid() + " between the kit's dataset:view and its registration:"
                    + " it was revision " + before + " before, revision " + (before + 1)
                    + (f.revision() > before + 2 ? "–" + (f.revision() - 1) : "") + " is another writer's, and ours is revision "
                    + f.revision() + " (check that replacing theirs was meant)";
            warnings.add(w);
            LOG.log(System.Logger.Level.WARNING, w);
        }
        String sent = up.put == null ? p.md5() : up.put.md5();
        if (f.md5() != null && sent != null && !sent.equalsIgnoreCase(f.md5())) {
            warnings.add("the service reports MD5 " + f.md5() + " for the file, not the MD5 " + sent
                    + " of the bytes the kit sent: another writer may have replaced it since");
        }
        CallState.current().registered(f.revision(), f.fileGuid() != null ? f.fileGuid() : p.fileGuid());
        return new UploadResult(action.name(), p.datasetGuid(), f.fileGuid() != null ? f.fileGuid() : p.fileGuid(),
                p.fileName(), p.fileSize(), f.revision(), sent, up.put == null ? null : up.put.etagMatches(), warnings,
                action == Action.FILE_CREATE ? UploadResult.ADDED : UploadResult.REPLACED, p.reference());
    }
}

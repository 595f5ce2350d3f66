package io.github.usmartkit.internal.upload;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Deadline;
import io.github.usmartkit.internal.http.Outcome;
import io.github.usmartkit.internal.http.Problem;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.http.UsmartApi;
import io.github.usmartkit.internal.http.UsmartApi.SignedPut;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.progress.UploadProgress;
import io.github.usmartkit.upload.PendingRegistration;
import io.github.usmartkit.upload.PutResult;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole upload of a file into a dataset: check the file, ask for a signed URL, PUT it
 * (fresh URL and new PUT on expiry or a transient failure), then register it with
 * {@code file:create} / {@code file:updateRevision} — which is not repeated blindly: after an
 * ambiguous failure {@code dataset:view} tells whether it landed. If the upload worked and the
 * registration did not, a {@link RegistrationFailedException} carries what is needed to retry
 * only the registration.
 */
public final class FileUploads {

    private static final System.Logger LOG = System.getLogger("io.github.usmartkit.upload");

    private final UsmartApi api;
    private final Uploader uploader;

    public FileUploads(UsmartApi api, Uploader uploader) {
        this.api = api;
        this.uploader = uploader;
    }

    /**
     * Adds a file to a dataset: {@code dataset:view}, {@code s3:generatePutRequest}, the PUT, then
     * {@code file:create}; no call at all if the file is unusable.
     *
     * @throws io.github.usmartkit.error.UploadFailedException if the file is unusable or the PUT fails (nothing registered)
     * @throws RegistrationFailedException if the upload worked but registering failed
     */
    public UploadResult add(String datasetGuid, Path path, UploadOptions options) {
        UploadOptions o = options == null ? UploadOptions.defaults() : options;
        long size = Uploader.validate(path, o.allowEmpty(), Action.FILE_CREATE.name(), datasetGuid);
        String name = o.fileName() != null ? o.fileName() : path.getFileName().toString();
        DatasetView before = api.view(datasetGuid);
        Set<String> known = before.files().stream().map(FileInfo::fileGuid).collect(Collectors.toSet());
        Uploaded up = upload(path, size, name, o, datasetGuid);
        return register(new PendingRegistration(datasetGuid, null, up.reference, name, size, up.md5()), known, null, up);
    }

    /**
     * Replaces a file's content with a new revision: {@code dataset:view},
     * {@code s3:generatePutRequest}, the PUT, then {@code file:updateRevision}; no call at all if
     * the file is unusable.
     *
     * @throws NotFoundException if the dataset has no such file (checked before uploading)
     * @throws io.github.usmartkit.error.UploadFailedException if the file is unusable or the PUT fails (nothing registered)
     * @throws RegistrationFailedException if the upload worked but registering failed
     */
    public UploadResult replace(String datasetGuid, String fileGuid, Path path, UploadOptions options) {
        UploadOptions o = options == null ? UploadOptions.defaults() : options;
        Objects.requireNonNull(fileGuid, "fileGuid");
        long size = Uploader.validate(path, o.allowEmpty(), Action.FILE_UPDATE_REVISION.name(), fileGuid);
        String name = o.fileName() != null ? o.fileName() : path.getFileName().toString();
        DatasetView before = api.view(datasetGuid);
        FileInfo current = before.file(fileGuid).filter(f -> fileGuid.equals(f.fileGuid())).orElseThrow(() -> {
            String files = before.files().stream().map(FileInfo::toString).collect(Collectors.joining("; "));
            return new NotFoundException(Failure.of(Action.FILE_UPDATE_REVISION.name(), fileGuid,
                    "dataset " + datasetGuid + " has no such file",
                    before.files().isEmpty() ? "The dataset has no files yet: use add(path) to add one"
                            : "Its files are: " + files + ". Use one of those GUIDs, or add(path) for a new file")
                    .withService("NotFound", null));
        });
        Uploaded up = upload(path, size, name, o, fileGuid);
        return register(new PendingRegistration(datasetGuid, fileGuid, up.reference, name, size, up.md5()), Set.of(),
                current.revision(), up);
    }

    /**
     * Retries only the register call of an upload whose registration failed (no second upload):
     * {@code dataset:view}, then {@code file:create} or {@code file:updateRevision}.
     *
     * @throws RegistrationFailedException if registering fails again
     */
    public UploadResult register(PendingRegistration p) {
        DatasetView now = api.view(p.datasetGuid());
        Set<String> known = p.fileGuid() == null
                ? now.files().stream().map(FileInfo::fileGuid).collect(Collectors.toSet())
                : Set.of();
        Long rev = p.fileGuid() == null ? null : now.file(p.fileGuid()).map(FileInfo::revision).orElse(null);
        return register(p, known, rev, new Uploaded(p.reference(), null, List.of()));
    }

    private record Uploaded(String reference, PutResult put, List<String> warnings) {
        String md5() {
            return put == null ? null : put.md5();
        }
    }

    private Uploaded upload(Path path, long size, String name, UploadOptions o, String guid) {
        ProgressListener progress = o.progress() != null ? o.progress() : UploadProgress.forSize(size);
        SignedPut[] first = {api.signedPut(name, guid)};
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

    /**
     * Registers an uploaded object. Not repeated blindly: after an ambiguous failure (5xx,
     * timeout, reset) dataset:view shows whether it landed; only if not is it sent again.
     */
    private UploadResult register(PendingRegistration p, Set<String> knownFiles, Long oldRevision, Uploaded up) {
        boolean create = p.fileGuid() == null;
        Action action = create ? Action.FILE_CREATE : Action.FILE_UPDATE_REVISION;
        Deadline deadline = api.deadline();
        try {
            return api.transport().retrier().runChecked(deadline, () -> {
                FileInfo f = create
                        ? api.fileCreate(p.datasetGuid(), p.reference(), p.fileName(), p.fileSize(), deadline)
                        : api.updateRevision(p.fileGuid(), p.reference(), p.fileName(), p.fileSize(), deadline);
                // Tolerate an answer without the file: find it in the dataset.
                return result(action, p, f.fileGuid() != null ? f : Objects.requireNonNullElse(landed(p, knownFiles, oldRevision), f), up);
            }, () -> {
                FileInfo f = landed(p, knownFiles, oldRevision);
                return f == null ? null : result(action, p, f, up);
            });
        } catch (USmartException last) {
            Failure f = last.failure().about(action.name(), create ? p.datasetGuid() : p.fileGuid())
                    .withWhat("the file " + p.fileName() + " was uploaded (reference " + p.reference()
                            + ") but registering it failed: " + last.what())
                    .withWhatToDo("Retry only the registration (no second upload) with e.retryRegister() or dataset.register(e.pending())");
            throw new RegistrationFailedException(f, last, p, again -> register(again, knownFiles, oldRevision, up));
        }
    }

    /** The registered file if the register call landed, else null. */
    private FileInfo landed(PendingRegistration p, Set<String> knownFiles, Long oldRevision) {
        DatasetView now = api.view(p.datasetGuid());
        if (p.fileGuid() == null) {
            return now.files().stream()
                    .filter(f -> !knownFiles.contains(f.fileGuid()) && p.fileName().equals(f.fileName())
                            && (f.fileSize() == null || f.fileSize() == p.fileSize()))
                    .findFirst().orElse(null);
        }
        FileInfo f = now.file(p.fileGuid()).orElse(null);
        if (f == null || oldRevision == null || f.revision() == null) {
            return null;
        }
        return f.revision() > oldRevision ? f : null;
    }

    private UploadResult result(Action action, PendingRegistration p, FileInfo f, Uploaded up) {
        return new UploadResult(action.name(), p.datasetGuid(), f.fileGuid() != null ? f.fileGuid() : p.fileGuid(),
                p.fileName(), p.fileSize(), f.revision(), up.put == null ? p.md5() : up.put.md5(),
                up.put == null ? null : up.put.etagMatches(), up.warnings);
    }
}

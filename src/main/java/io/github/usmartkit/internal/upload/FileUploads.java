package io.github.usmartkit.internal.upload;

import io.github.usmartkit.upload.PutResult;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PendingRegistration;
import io.github.usmartkit.error.RegistrationFailedException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.http.Problem;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.internal.http.Retrier.Outcome;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.progress.ProgressListener;

import java.net.URI;
import java.nio.file.Path;
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

    private final Transport transport;
    private final Uploader uploader;

    public FileUploads(Transport transport, Uploader uploader) {
        this.transport = transport;
        this.uploader = uploader;
    }

    /** A signed PUT request as {@code s3:generatePutRequest} returns it. */
    record Signed(URI url, String contentType, String reference) {
        @Override
        public String toString() {
            return "Signed[" + Redaction.withoutQuery(url.toString()) + ", " + contentType + ", " + reference + "]";
        }
    }

    /**
     * Adds a file to a dataset: {@code dataset:view}, {@code s3:generatePutRequest}, the PUT, then
     * {@code file:create}; no call at all if the file is unusable.
     *
     * @throws io.github.usmartkit.error.UploadFailedException if the file is unusable or the PUT fails (nothing registered)
     * @throws RegistrationFailedException if the upload worked but registering failed
     */
    public UploadResult add(String datasetGuid, Path path, UploadOptions options) {
        UploadOptions o = withProgress(options);
        long size = Uploader.validate(path, o.allowEmpty(), "file:create", datasetGuid);
        String name = o.fileName() != null ? o.fileName() : path.getFileName().toString();
        DatasetView before = view(datasetGuid);
        Set<String> known = before.files().stream().map(FileInfo::fileGuid).collect(Collectors.toSet());
        Uploaded up = ended(o, path, () -> upload(path, size, name, o, datasetGuid));
        return registered(o, path, register(new PendingRegistration(datasetGuid, null, up.reference, name, size, null), known, null, up));
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
        UploadOptions o = withProgress(options);
        Objects.requireNonNull(fileGuid, "fileGuid");
        long size = Uploader.validate(path, o.allowEmpty(), "file:updateRevision", fileGuid);
        String name = o.fileName() != null ? o.fileName() : path.getFileName().toString();
        DatasetView before = view(datasetGuid);
        FileInfo current = before.file(fileGuid).filter(f -> fileGuid.equals(f.fileGuid())).orElseThrow(() -> {
            Failure f = new Failure("file:updateRevision", fileGuid, 0, "NotFound", null);
            String files = before.files().stream().map(FileInfo::toString).collect(Collectors.joining("; "));
            return new NotFoundException(f.describe("dataset " + datasetGuid + " has no file " + fileGuid,
                    before.files().isEmpty() ? "The dataset has no files yet: use add(path) to add one"
                            : "Its files are: " + files + ". Use one of those GUIDs, or add(path) for a new file"), f, null);
        });
        Uploaded up = ended(o, path, () -> upload(path, size, name, o, fileGuid));
        return registered(o, path, register(new PendingRegistration(datasetGuid, fileGuid, up.reference, name, size, null), Set.of(),
                current.revision(), up));
    }

    /**
     * Retries only the register call of an upload whose registration failed (no second upload):
     * {@code dataset:view}, then {@code file:create} or {@code file:updateRevision}.
     *
     * @throws RegistrationFailedException if registering fails again
     */
    public UploadResult register(PendingRegistration p) {
        DatasetView now = view(p.datasetGuid());
        Set<String> known = p.fileGuid() == null
                ? now.files().stream().map(FileInfo::fileGuid).collect(Collectors.toSet())
                : Set.of();
        Long rev = p.fileGuid() == null ? null : now.file(p.fileGuid()).map(FileInfo::revision).orElse(null);
        return register(p, known, rev, new Uploaded(p.reference(), null, List.of()));
    }

    /** The options, with the progress display for where the code runs when none was given. */
    private static UploadOptions withProgress(UploadOptions options) {
        UploadOptions o = options == null ? UploadOptions.defaults() : options;
        return o.progress() != null ? o : o.progress(ProgressListener.auto());
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
    }

    private Uploaded upload(Path path, long size, String name, UploadOptions o, String guid) {
        ProgressListener progress = o.progress();
        String action = "PUT";
        progress.stage("upload " + path.getFileName(), "asking for an upload URL");
        Signed[] first = {signedRequest(name, guid)};
        String[] reference = {null};
        PutResult put = transport.retrier().run(true, () -> {
            Signed s = first[0] != null ? first[0] : signedRequest(name, guid);
            first[0] = null; // each retry gets a fresh URL: the old one may have expired
            reference[0] = s.reference();
            Outcome<PutResult> out = uploader.attempt(s.url(), s.contentType(), path, size, progress, action, guid);
            if (out.problem() != null) {
                Problem p = out.problem();
                return Outcome.failed(new Problem(Kind.UPLOAD, p.failure(),
                        "upload of " + name + " failed: " + p.what(), p.todo(), p.cause(), p.retryAfter(),
                        p.transientFailure(), false));
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

    private Signed signedRequest(String fileName, String guid) {
        ObjectNode body = Transport.JSON.createObjectNode().put("fileName", fileName);
        JsonNode r = transport.action("s3:generatePutRequest", guid, body, true);
        String url = Json.text(r, "signedRequest", "signedUrl", "url");
        String ct = Json.text(r, "contentType", "ContentType");
        String ref = Json.text(r, "reference", "key");
        List<String> missing = new ArrayList<>();
        if (url == null) {
            missing.add("signedRequest");
        }
        if (ct == null) {
            missing.add("contentType");
        }
        if (ref == null) {
            missing.add("reference");
        }
        if (!missing.isEmpty()) {
            Failure f = new Failure("s3:generatePutRequest", guid, 200, null,
                    "answer without " + String.join(", ", missing) + ": " + Redaction.excerpt(Redaction.clean(r.toString()), 160));
            throw new ServiceException(f.describe("the service's answer lacks " + String.join(", ", missing),
                    "Nothing was uploaded; try again later or report it to uSmart"), f, null);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            Failure f = new Failure("s3:generatePutRequest", guid, 200, null, "signedRequest is not a URL");
            throw new ServiceException(f.describe("the signed URL returned cannot be parsed",
                    "Nothing was uploaded; report it to uSmart"), f, null);
        }
        return new Signed(uri, ct, ref);
    }

    /**
     * Registers an uploaded object. Not repeated blindly: after an ambiguous failure (5xx,
     * timeout, reset) dataset:view shows whether it landed; only if not is it sent again.
     * Reads only the fields of {@code p}, never its retry call.
     */
    private UploadResult register(PendingRegistration p, Set<String> knownFiles, Long oldRevision, Uploaded up) {
        boolean create = p.fileGuid() == null;
        String action = create ? "file:create" : "file:updateRevision";
        ObjectNode body = Transport.JSON.createObjectNode();
        if (create) {
            body.put("datasetGUID", p.datasetGuid());
        }
        body.put("reference", p.reference()).put("fileName", p.fileName());
        if (!create) {
            body.put("fileGUID", p.fileGuid());
        }
        body.put("fileSize", p.fileSize());
        if (!create) {
            body.put("action", "file:updateRevision");
        }
        USmartException last;
        try {
            return transport.retrier().runChecked(() -> {
                FileInfo f = FileInfo.of(transport.action(action, create ? p.datasetGuid() : p.fileGuid(), body, false));
                // Tolerate an answer without the file: find it in the dataset.
                return result(action, p, f.fileGuid() != null ? f : Objects.requireNonNullElse(landed(p, knownFiles, oldRevision), f), up);
            }, () -> {
                FileInfo f = landed(p, knownFiles, oldRevision);
                return f == null ? null : result(action, p, f, up);
            });
        } catch (USmartException e) {
            last = e;
        }
        Failure f = new Failure(action, create ? p.datasetGuid() : p.fileGuid(), last.status(),
                last.serviceCode().orElse(null), last.serviceMessage().orElse(null));
        String msg = f.describe("the file " + p.fileName() + " was uploaded (reference " + p.reference() + ") but registering it failed: "
                        + last.getMessage(),
                "Retry only the registration (no second upload) with e.retryRegister() or dataset.register(e.pending())");
        PendingRegistration retryable = new PendingRegistration(p.datasetGuid(), p.fileGuid(), p.reference(), p.fileName(),
                p.fileSize(), () -> register(p, knownFiles, oldRevision, up).fileGuid());
        throw new RegistrationFailedException(Redaction.clean(msg, transport.secrets()), f, last, retryable);
    }

    /** The registered file if the register call landed, else null. */
    private FileInfo landed(PendingRegistration p, Set<String> knownFiles, Long oldRevision) {
        DatasetView now = view(p.datasetGuid());
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

    private UploadResult result(String action, PendingRegistration p, FileInfo f, Uploaded up) {
        return new UploadResult(action, p.datasetGuid(), f.fileGuid() != null ? f.fileGuid() : p.fileGuid(),
                p.fileName(), p.fileSize(), f.revision(), up.put == null ? null : up.put.md5(),
                up.put == null ? null : up.put.etagMatches(), up.warnings);
    }

    private DatasetView view(String datasetGuid) {
        ObjectNode body = Transport.JSON.createObjectNode().put("datasetGUID", datasetGuid);
        return DatasetView.of(datasetGuid, transport.action("dataset:view", datasetGuid, body, true));
    }
}

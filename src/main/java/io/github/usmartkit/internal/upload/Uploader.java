package io.github.usmartkit.internal.upload;

import io.github.usmartkit.upload.PutResult;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.internal.http.Problem;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.internal.http.ErrorMapping;
import io.github.usmartkit.internal.http.Outcome;
import io.github.usmartkit.internal.render.Bytes;
import io.github.usmartkit.progress.ProgressListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The presigned PUT of a file to the object store: streamed from disk with a known
 * {@code Content-Length} (never buffered, never chunked), with exactly the signed
 * {@code Content-Type}, the MD5 computed while streaming (by {@link FileBody}'s reading thread,
 * while the client writes) and compared with the {@code ETag}.
 *
 * <p>This uses the JDK's {@link HttpClient} rather than Unirest: Unirest 4 (4.10.1) has no file
 * body; its {@code body(InputStream)} maps to {@code BodyPublishers.ofInputStream}, whose length
 * is unknown, so the JDK sends it chunked, which S3 refuses (501 NotImplemented / 411). The JDK's
 * {@code BodyPublishers.fromPublisher(publisher, length)} streams with a fixed length.
 * Unirest 4 itself is built on this same client.
 *
 * <p>Not {@link java.net.HttpURLConnection}, although in fixed-length streaming mode (one thread
 * reading, writing and hashing, as curl does) it needed less CPU (1.9–2.2 s per GiB against
 * 2.1–2.5 s for this client with {@link FileBody}, warm; measured for issue 13): in JDK 17 its
 * {@code disconnect()} waits behind a read in progress (the read timeout, 19 s in the test), so a
 * store stalling after its headers could not be stopped by the deadline or an interrupt; and for a
 * streamed PUT it reuses a kept-alive connection without checking that it is still open
 * ({@code sun.net.www.http.HttpClient.New} checks only before a streamed POST), so a PUT after one
 * the store had closed failed at once, its body impossible to resend.
 */
public final class Uploader {

    /** The most one PUT may carry (S3's single-PUT limit). */
    public static final long MAX_BYTES = 5L * 1024 * 1024 * 1024;

    // Allow slow links: the whole PUT may take the read timeout plus size at 64 KB/s.
    private static final long MIN_BYTES_PER_SECOND = 64 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param client  the HTTP client (proxy and connect timeout already set)
     * @param timeout the time allowed for the answer beyond sending the body at a slow rate
     */
    public Uploader(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** An uploader with its own client: HTTP/1.1, 10 s connect timeout, 60 s answer timeout. */
    public static Uploader create() {
        return new Uploader(client(Duration.ofSeconds(10), null), Duration.ofSeconds(60));
    }

    /**
     * A JDK client for PUTs: HTTP/1.1 (as S3 speaks; avoids the JDK's h2c upgrade attempt on
     * plain http), the given connect timeout and proxy selector.
     */
    public static HttpClient client(Duration connectTimeout, java.net.ProxySelector proxy) {
        return clientBuilder(connectTimeout, proxy).build();
    }

    /** The builder of {@link #client}, for callers that add an executor or a proxy authenticator. */
    public static HttpClient.Builder clientBuilder(Duration connectTimeout, java.net.ProxySelector proxy) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (proxy != null) {
            b.proxy(proxy);
        }
        return b;
    }

    /**
     * Checks a file before anything is asked of the service: it exists, is a regular readable
     * file, is not empty (unless allowed) and is at most 5 GB.
     *
     * @return its size in bytes
     * @throws UploadFailedException naming what is wrong and what to do
     */
    public static long validate(Path path, boolean allowEmpty, String action, String guid) {
        if (path == null) {
            throw refuse(action, guid, "no file was given (path is null)", "Pass the path of the file to upload");
        }
        Path abs = path.toAbsolutePath();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.exists(abs)) {
            throw refuse(action, guid, "file " + abs + " does not exist",
                    "Check the path (relative paths start at " + Path.of("").toAbsolutePath() + ")");
        }
        if (!Files.exists(abs)) {
            throw refuse(action, guid, abs + " is a broken symbolic link", "Point it at an existing file");
        }
        if (Files.isDirectory(abs)) {
            throw refuse(action, guid, abs + " is a directory, not a file", "Name one file inside it");
        }
        if (!Files.isRegularFile(abs)) {
            throw refuse(action, guid, abs + " is not a regular file (a device, pipe or socket)",
                    "Copy the data into a regular file first: its length must be known before uploading");
        }
        if (!Files.isReadable(abs)) {
            throw refuse(action, guid, "file " + abs + " is not readable by this user",
                    "Fix its permissions, e.g. chmod u+r " + abs);
        }
        // Opening tells what the permission bits do not: for root they always say yes, and some
        // files refuse to be read whatever they say (a write-only kernel attribute, an ACL, a lock).
        try (java.nio.channels.FileChannel ignored = java.nio.channels.FileChannel.open(abs, java.nio.file.StandardOpenOption.READ)) {
            // readable
        } catch (IOException | SecurityException e) {
            throw refuse(action, guid, "file " + abs + " cannot be opened for reading by this user ("
                    + e.getClass().getSimpleName() + ")", "Check its permissions and owner (ls -l " + abs + "), or copy it somewhere readable");
        }
        long size;
        try {
            size = Files.size(abs);
        } catch (IOException e) {
            throw refuse(action, guid, "cannot read the size of " + abs + ": " + e.getMessage(), "Check the file");
        }
        if (size == 0 && !allowEmpty) {
            throw refuse(action, guid, "file " + abs + " is empty (0 bytes)",
                    "Check you exported the right file; to publish an empty file on purpose use UploadOptions.defaults().allowEmpty(true)");
        }
        if (size > MAX_BYTES) {
            throw refuse(action, guid, "file " + abs + " is " + Bytes.format(size) + ", over the 5 GB limit of one upload",
                    "Split it into files of at most 5 GB, or compress it");
        }
        return size;
    }

    private static UploadFailedException refuse(String action, String guid, String what, String todo) {
        return new UploadFailedException(Failure.of(action, guid, "upload refused before contacting the service: " + what, todo));
    }

    /**
     * PUTs a file to a presigned URL and fails with an exception if the store refuses it.
     * Usable with any presigned URL (e.g. one made by the AWS SDK).
     *
     * @param url         the presigned URL (never shown whole in messages)
     * @param contentType exactly the content type that was signed
     * @param file        the file
     * @param progress    progress callback (bytes)
     * @throws UploadFailedException with the store's error code and message
     */
    public PutResult put(URI url, String contentType, Path file, ProgressListener progress) {
        long size = validate(file, true, "PUT", null);
        Outcome<PutResult> o = attempt(url, contentType, file, size, progress, "PUT", null, timeFor(size));
        if (o.failed()) {
            throw (UploadFailedException) o.problem().toException(1);
        }
        return o.value();
    }

    /**
     * The time a PUT of {@code size} bytes is allowed: the answer timeout plus sending the bytes
     * at a slow {@value #MIN_BYTES_PER_SECOND} bytes a second.
     */
    public Duration timeFor(long size) {
        return timeout.plusSeconds(size / MIN_BYTES_PER_SECOND);
    }

    /**
     * One PUT attempt in at most {@code limit}: the result, or a problem of kind UPLOAD telling
     * whether to retry.
     */
    Outcome<PutResult> attempt(URI url, String contentType, Path file, long size, ProgressListener progress,
                               String action, String guid, Duration limit) {
        String task = "upload " + file.getFileName();
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        FileBody fileBody = size == 0 ? null : new FileBody(file, size, listener, task);
        HttpRequest.BodyPublisher body = size == 0
                ? HttpRequest.BodyPublishers.noBody() // fromPublisher refuses length 0; this sends Content-Length: 0
                : HttpRequest.BodyPublishers.fromPublisher(fileBody, size);
        try {
            return attempt(url, contentType, size, listener, task, action, guid, limit, body, fileBody);
        } finally {
            if (fileBody != null) {
                fileBody.close();
            }
        }
    }

    private Outcome<PutResult> attempt(URI url, String contentType, long size, ProgressListener listener, String task,
                                       String action, String guid, Duration limit, HttpRequest.BodyPublisher body, FileBody fileBody) {
        // In milliseconds: whole seconds overshot a deadline by up to a second (a limit of 0.4 s became 1 s).
        long millis = Math.max(1, Math.min(timeFor(size).toMillis(), limit.toMillis()));
        // The wait for the whole exchange allows the connect too (else it would beat the connect timeout to it).
        long wait = Math.max(1, Math.min(client.connectTimeout().orElse(Duration.ZERO).plus(timeFor(size)).toMillis(), limit.toMillis()));
        HttpRequest req = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMillis(millis))
                .header("Content-Type", contentType)
                .PUT(body)
                .build();
        String where = Redaction.withoutQuery(url.toString());
        HttpResponse<String> r;
        // The request timeout of the JDK client stops at the response headers; the deadline on
        // the future also bounds a body that stalls after them (cancelling abandons the exchange).
        // Once the store's headers are in, its (short) body gets at most the answer timeout.
        java.util.concurrent.CompletableFuture<HttpResponse<String>> call = null;
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong headersAt = new java.util.concurrent.atomic.AtomicLong();
        HttpResponse.BodyHandler<String> handler = info -> {
            headersAt.set(System.nanoTime());
            started.countDown();
            return HttpResponse.BodyHandlers.ofString().apply(info);
        };
        try {
            listener.update(task, 0, size);
            long end = System.nanoTime() + wait * 1_000_000;
            call = client.sendAsync(req, handler);
            call.whenComplete((x, y) -> started.countDown());
            if (!started.await(wait, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new java.util.concurrent.TimeoutException();
            }
            long until = headersAt.get() == 0 ? end : Math.min(end, headersAt.get() + timeout.toNanos());
            r = call.get(Math.max(0, until - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            listener.finished(task, false);
            return Outcome.failed(Problem.definite(Kind.UPLOAD, Failure.of(action, guid, "interrupted while uploading to " + where,
                    "Nothing was registered; run it again"), e));
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException
                 | UncheckedIOException x) {
            if (call != null) {
                call.cancel(true);
            }
            Throwable e = x instanceof java.util.concurrent.ExecutionException && x.getCause() != null ? x.getCause() : x;
            listener.finished(task, false);
            IOException changed = fileBody == null ? null : fileBody.fileProblem();
            if (changed != null) {
                // Not retried: whatever writes to the file is likely still at it.
                return Outcome.failed(new Problem(Kind.UPLOAD, Failure.of(action, guid, changed.getMessage()
                        + "; nothing was registered, the dataset is unchanged",
                        "Make sure nothing writes to the file while it is uploaded (write it elsewhere and move it into place), then run it again"),
                        null, false, false));
            }
            String what;
            if (e instanceof HttpConnectTimeoutException) {
                what = "could not connect to the object store at " + where + " within the connect timeout";
            } else if (e.getCause() instanceof ConnectException || e instanceof ConnectException) {
                what = "could not connect to the object store at " + where;
            } else if (e instanceof HttpTimeoutException || e instanceof java.util.concurrent.TimeoutException) {
                what = "the object store at " + where + " did not answer in time (allowed: " + allowed(millis)
                        + (millis < timeFor(size).toMillis() ? ", what was left of the upload's deadline" : "") + ")";
            } else {
                what = "the connection to the object store at " + where + " failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + Redaction.clean(e.getMessage(), credentialsOf(url)));
            }
            // Unwrap nothing that could carry the URL: keep only the exception type and a cleaned message.
            return Outcome.failed(new Problem(Kind.UPLOAD, Failure.of(action, guid, what,
                    "Nothing was registered; check the network/proxy and run it again"), null, true, false));
        }
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            listener.finished(task, true); // the stream itself reported the last bytes

            String md5;
            try {
                byte[] sent = fileBody == null ? null : fileBody.md5(timeout);
                md5 = sent == null ? md5Of(new byte[0]) : HexFormat.of().formatHex(sent);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Not expected: the store has every byte, so the hasher has them too. Without the MD5 nothing is registered.
                return Outcome.failed(new Problem(Kind.UPLOAD, Failure.of(action, guid, "the upload to " + where
                        + " was stored but its MD5 could not be computed (" + e.getClass().getSimpleName() + ")",
                        "Nothing was registered; run it again"), null, true, false));
            }
            String etag = r.headers().firstValue("ETag").map(Uploader::unquote).orElse(null);
            Boolean matches = etag == null || !etag.matches("[0-9a-fA-F]{32}") ? null : etag.equalsIgnoreCase(md5);
            return Outcome.ok(new PutResult(status, etag, md5, size, matches));
        }
        listener.finished(task, false);
        return Outcome.failed(storeProblem(r, where, action, guid, credentialsOf(url)));
    }

    /** "700 ms", "1.5 s". */
    private static String allowed(long millis) {
        return millis < 1000 ? millis + " ms" : (millis / 100) / 10.0 + " s";
    }

    /**
     * What of a signed URL is a credential: its query string and each longer value in it. A store
     * or proxy may quote them bare, without the URL or the parameter's name around them (S3's
     * {@code <SignatureProvided>}, a proxy's text page), where no pattern would know them.
     */
    static String[] credentialsOf(URI url) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (url.getRawQuery() != null) {
            out.add(url.getRawQuery());
            out.add(url.getQuery());
            for (String p : url.getRawQuery().split("&")) {
                String v = p.substring(p.indexOf('=') + 1);
                if (v.length() >= 6) {
                    out.add(v);
                    out.add(java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        // longest first, so that the whole query goes before the values inside it
        out.sort(java.util.Comparator.comparingInt(String::length).reversed());
        return out.toArray(String[]::new);
    }

    private static Problem storeProblem(HttpResponse<String> r, String where, String action, String guid, String[] credentials) {
        int status = r.statusCode();
        String body = r.body() == null ? "" : r.body();
        S3Error s3 = S3Error.parse(body);
        String code = s3.code();
        String message = Redaction.clean(s3.message(), credentials);
        if (code == null && message == null && !body.isBlank()) {
            message = "non-XML answer: " + Redaction.excerpt(Redaction.clean(body.substring(0, Math.min(body.length(), 64 * 1024)), credentials), 160);
        }
        boolean expired = status == 403 && "AccessDenied".equals(code)
                && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("expired");
        String what;
        String todo;
        boolean retry;
        if (expired) {
            what = "the signed upload URL expired";
            todo = "The kit asks for a fresh URL and retries; if it keeps expiring the upload is too slow for the URL's lifetime";
            retry = true;
        } else if ("SignatureDoesNotMatch".equals(code)) {
            what = "the object store refused the signature (Content-Type sent differs from the signed one, or the URL was altered)";
            todo = "Send exactly the contentType returned with the URL; if you used the kit, report this as a bug";
            retry = false;
        } else if (status == 411 || status == 501) {
            what = "the object store refused the transfer encoding (it needs a Content-Length, no chunked encoding)";
            todo = "Report this as a bug in usmart-kit";
            retry = false;
        } else if ("EntityTooLarge".equals(code)) {
            what = "the file is larger than the object store accepts";
            todo = "Split the file into smaller ones";
            retry = false;
        } else if ("IncompleteBody".equals(code) || "BadDigest".equals(code)) {
            what = "the object store received other bytes than announced (did the file change while uploading?)";
            todo = "Make sure nothing writes to the file while uploading, then run it again";
            retry = true;
        } else {
            what = "the object store at " + where + " refused the upload";
            todo = ErrorMapping.transientStatus(status) ? "Try again later; the kit already retried" : "Check the service's message";
            retry = ErrorMapping.transientStatus(status);
        }
        Duration retryAfter = ErrorMapping.retryAfter(r.headers().firstValue("Retry-After").orElse(null));
        return new Problem(Kind.UPLOAD, Failure.of(action, guid, what + "; nothing was registered, the dataset is unchanged", todo)
                .withStatus(status).withService(code, message).withRetryAfter(retryAfter), null, retry, false);
    }

    private static String md5Of(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unquote(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}

package io.github.usmartkit.internal.upload;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Threads;
import io.github.usmartkit.internal.http.UsmartApi;
import io.github.usmartkit.internal.http.UsmartApi.SignedPut;
import io.github.usmartkit.internal.publish.Published;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.FileInfo;
import io.github.usmartkit.model.PipelineInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The calls of a replace that change nothing, made on other threads while the caller's thread
 * runs the preflight: {@code dataset:view}, then (unless the file may be unchanged, which the
 * MD5 decides first) the schema guard's reads of each pipeline fed by the file, side by side,
 * and, once every check has passed (the preflight, the unchanged check, the schema guard),
 * {@code s3:generatePutRequest}: a file that fails a check caused reads only, and no URL. The
 * URL still comes early: the reads ran while the preflight read the file, so they are in when it
 * has passed.
 *
 * <p>The replace takes each answer in the order it did when it made the calls itself, so a
 * failure is reported exactly as before: the preflight's first, then the view's, then the
 * guard's, then the URL's (only once the upload starts). Nothing is PUT or registered here:
 * that stays on the caller's thread, after every check. {@link #close()} stops what is still
 * under way (a failed check, an interrupt, JShell's stop).
 */
final class Lookahead implements AutoCloseable {

    private static final ExecutorService THREADS = Threads.sharedPool("usmart-lookahead");

    /** A URL asked for longer ago than this is not used: URLs made the common way expire in about 60 s. */
    private static final long URL_FRESH_NANOS = TimeUnit.SECONDS.toNanos(20);

    /** What the replace is: the file it names, the local file and its options. */
    record Replace(String datasetGuid, String fileGuid, Path path, long size, String localName, String optionName,
                   boolean force, boolean csv, boolean dryRun) {
    }

    private record Url(SignedPut put, String name, long atNanos) {
    }

    private final UsmartApi api;
    private final Published published;
    private final Replace r;
    private final CompletableFuture<DatasetView> view = new CompletableFuture<>();
    private final CompletableFuture<String> md5 = new CompletableFuture<>();
    /** The guard's reads (resource container → its sample) and the URL, once the view has come: empty maps if not asked. */
    private final CompletableFuture<Map<String, Future<Published.Sample>>> samples = new CompletableFuture<>();
    /** The name to ask a URL for once the view has come (null: none is asked), and the preflight's passing. */
    private final CompletableFuture<String> urlName = new CompletableFuture<>();
    private final CompletableFuture<Void> checksPassed = new CompletableFuture<>();
    /** Asked for once both are known: a file that fails a check gets no URL. */
    private final CompletableFuture<Future<Url>> url;
    private final List<Future<?>> started = new ArrayList<>();
    private boolean closed;

    private Lookahead(UsmartApi api, Published published, Replace r) {
        this.api = api;
        this.published = published;
        this.r = r;
        this.url = urlName.thenCombine(checksPassed, (name, passed) -> name == null ? null
                : spawn(() -> new Url(api.signedPut(name, r.fileGuid()), name, System.nanoTime())));
    }

    /** Starts the view (and what follows it) at once. */
    static Lookahead start(UsmartApi api, Published published, Replace r) {
        Lookahead a = new Lookahead(api, published, r);
        a.spawnChain(a::run);
        return a;
    }

    /** Whether the unchanged check needs the file's MD5: the replace's own rule. */
    static boolean mayBeUnchanged(FileInfo current, long size, boolean force) {
        return !force && current.md5() != null && current.fileSize() != null && current.fileSize() == size;
    }

    /** The name the replace registers the file as (the service's name unless the options rename it). */
    static String registeredName(FileInfo current, String optionName, String localName) {
        return optionName != null ? optionName : current.fileName() != null ? current.fileName() : localName;
    }

    /** Whether the preflight will check {@code name} as a CSV (only then does the guard read). */
    static boolean csvName(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private void run() {
        DatasetView v;
        try {
            v = api.view(r.datasetGuid());
            view.complete(v);
        } catch (RuntimeException | Error e) {
            view.completeExceptionally(e);
            nothingMore();
            return;
        }
        try {
            afterView(v);
        } catch (RuntimeException | Error e) {
            // not expected: whoever waits for what follows the view learns of it rather than waiting forever
            md5.completeExceptionally(e);
            samples.completeExceptionally(e);
            urlName.completeExceptionally(e);
            throw e;
        }
    }

    private void afterView(DatasetView v) {
        FileInfo current = v.files().stream().filter(f -> r.fileGuid().equals(f.fileGuid())).findFirst().orElse(null);
        if (current == null) {
            nothingMore();
            return;
        }
        if (mayBeUnchanged(current, r.size(), r.force())) {
            String sum;
            try {
                sum = FileDigest.md5(r.path(), Action.FILE_UPDATE_REVISION.name(), r.fileGuid());
                md5.complete(sum);
            } catch (RuntimeException | Error e) {
                md5.completeExceptionally(e);
                nothingMore();
                return;
            }
            if (sum.equalsIgnoreCase(current.md5())) {
                nothingMore(); // unchanged: nothing more is asked
                return;
            }
        }
        Map<String, Future<Published.Sample>> reads = new HashMap<>();
        // the content is checked as the name it keeps says (FileUploads.checkedAs): a local "export" replacing a CSV is read as one
        if (r.csv() || csvName(registeredName(current, r.optionName(), r.localName()))) {
            for (PipelineInfo p : Published.fedBy(v, r.fileGuid())) {
                String rc = p.resourceContainerGuid();
                Future<Published.Sample> f = spawn(() -> published.sample(rc));
                if (f == null) {
                    break;
                }
                reads.put(rc, f);
            }
        }
        samples.complete(reads);
        // a dry run asks for no URL
        urlName.complete(r.dryRun() ? null : registeredName(current, r.optionName(), r.localName()));
    }

    private void nothingMore() {
        samples.complete(Map.of());
        urlName.complete(null);
    }

    /** Every check passed: the URL may be asked for now (if the view has come; else as soon as it has). */
    void checksPassed() {
        checksPassed.complete(null);
    }

    /** Runs {@code work} on a thread of its own unless closed; null if closed. */
    private synchronized <T> Future<T> spawn(java.util.concurrent.Callable<T> work) {
        if (closed) {
            return null;
        }
        Future<T> f = THREADS.submit(work);
        started.add(f);
        return f;
    }

    private void spawnChain(Runnable work) {
        spawn(() -> {
            work.run();
            return null;
        });
    }

    /** The dataset as the view showed it; its failure as it was thrown. */
    DatasetView view() {
        return get(view, "dataset:view of " + r.datasetGuid(), Action.DATASET_VIEW);
    }

    /** The file's MD5 (only when {@link #mayBeUnchanged} said so); its failure as it was thrown. */
    String md5() {
        return get(md5, "the MD5 of " + r.path().getFileName(), Action.FILE_UPDATE_REVISION);
    }

    /** The guard's sample of one pipeline: the one read ahead, else read now. */
    Published.Sample sample(String rc) {
        Future<Published.Sample> f = get(samples, "the read API", Action.URQL).get(rc);
        return f == null ? published.sample(rc) : get(f, "the read API for " + rc, Action.URQL);
    }

    /** A signed URL for {@code name}: the one asked for ahead if it is for that name and fresh, else a new one. */
    SignedPut signedPut(String name) {
        Future<Url> f = get(url, "s3:generatePutRequest", Action.GENERATE_PUT_REQUEST);
        Url u = f == null ? null : get(f, "s3:generatePutRequest", Action.GENERATE_PUT_REQUEST);
        if (u != null && u.name().equals(name) && System.nanoTime() - u.atNanos() < URL_FRESH_NANOS) {
            return u.put();
        }
        return api.signedPut(name, r.fileGuid());
    }

    /**
     * Waits for an answer, rethrowing the very exception its call threw. An interrupt of the
     * waiting thread is reported as an interrupted call would be (the flag set, nothing changed).
     */
    private <T> T get(Future<T> f, String what, Action action) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(Failure.of(action.name(), r.fileGuid(), "interrupted while waiting for " + what,
                    "Nothing was changed by it; run it again"), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof USmartException u) {
                throw u;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } catch (java.util.concurrent.CancellationException e) {
            throw new IllegalStateException(what + " was cancelled before the replace ended", e);
        }
    }

    /** Stops whatever is still under way (its answers are not needed). */
    @Override
    public void close() {
        List<Future<?>> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(started);
        }
        all.forEach(f -> f.cancel(true));
    }
}

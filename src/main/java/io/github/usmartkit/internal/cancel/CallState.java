package io.github.usmartkit.internal.cancel;

import io.github.usmartkit.error.CancelledException;
import io.github.usmartkit.error.CancelledException.State;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.progress.ProgressListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the service holds now, for the kit call running on this thread: each stage that changes
 * the service (the upload, its registration, refreshes, the wait) says so here as it happens, so
 * that a call stopped half way can say in one sentence what it left behind.
 *
 * <p>Two ways a call is stopped. At the JShell prompt, Ctrl-C makes JShell stop the snippet's
 * thread: a {@link ThreadDeath} is thrown wherever the thread is. It must go on up (JShell waits
 * for it), so the sentence is printed on standard error (after ending any progress line, which
 * would otherwise draw over it) and the error rethrown. In a notebook an interrupt is
 * {@link Thread#interrupt()}: the call fails with some kit exception while the flag is set; that
 * becomes a {@link CancelledException} saying the same, the flag left set.
 *
 * <p>Calls nest (publish runs a replace, a refresh and a wait): the outermost call owns the
 * state, the inner ones add to it. Where no call runs (a bulk run's workers), {@link #current()}
 * is a state that records nothing.
 */
public final class CallState {

    private static final ThreadLocal<CallState> CURRENT = new ThreadLocal<>();
    private static final CallState NONE = new CallState(null, null);

    private enum Stage { NOTHING_SENT, UPLOADING, REGISTERING, REGISTERED, CREATING, REFRESHING, AWAITING }

    private final String action;
    private final String guid;
    private Stage stage = Stage.NOTHING_SENT;
    private String fileName;
    private Long revisionBefore;
    private Long revision;
    private String fileGuid;
    private boolean added;
    private int refreshesSent;
    private int finished;
    private int pipelines;
    private long waitStart;
    private final List<ProgressListener> watched = new ArrayList<>();
    private boolean reported;

    private CallState(String action, String guid) {
        this.action = action;
        this.guid = guid;
    }

    /** The state of the call running on this thread, or one that records nothing. */
    public static CallState current() {
        CallState s = CURRENT.get();
        return s == null ? NONE : s;
    }

    /**
     * Runs one kit call ({@code action} on {@code guid}) with its state; inside another call, as
     * part of that one.
     *
     * @throws CancelledException if the thread was interrupted during the call (the flag stays set)
     */
    public static <T> T run(String action, String guid, Supplier<T> work) {
        if (CURRENT.get() != null) {
            return work.get();
        }
        CallState s = new CallState(action, guid);
        CURRENT.set(s);
        try {
            return work.get();
        } catch (USmartException e) {
            if (e instanceof CancelledException || !interrupted(e)) {
                throw e;
            }
            throw s.cancelled(e);
        } catch (Error e) {
            if (e instanceof ThreadDeath) {
                s.stoppedByShell();
            }
            throw e;
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * Whether {@code e} came of an interrupt of this thread. The flag, not the causes, tells: the
     * kit restores it wherever it meets an interrupt (as the JDK does with a channel closed by
     * one), and an interrupt among the causes may have been another thread's (a pool's worker
     * freed when a call timed out), which must not make this call "cancelled".
     */
    static boolean interrupted(Throwable e) {
        return Thread.currentThread().isInterrupted();
    }

    /** A progress line of this call: ended before the sentence is printed, so that it cannot draw over it. */
    public synchronized ProgressListener watch(ProgressListener listener) {
        if (this != NONE && listener != null && !watched.contains(listener)) {
            watched.add(listener);
        }
        return listener;
    }

    /** Asking for an upload URL, then the PUT: nothing is registered yet; the file was at {@code revisionBefore} (null for an add). */
    public synchronized void uploading(String name, Long revisionBefore) {
        if (this == NONE) {
            return;
        }
        stage = Stage.UPLOADING;
        fileName = name;
        this.revisionBefore = revisionBefore;
    }

    /** The register call ({@code file:create} / {@code file:updateRevision}) is about to be sent. */
    public synchronized void registering(String name, boolean add) {
        if (this == NONE) {
            return;
        }
        stage = Stage.REGISTERING;
        fileName = name;
        added = add;
    }

    /**
     * The registration landed, as {@code revision} (null when the service does not number them)
     * of {@code fileGuid} (an add's new file is named by it, since nothing else tells it apart).
     */
    public synchronized void registered(Long revision, String fileGuid) {
        if (this == NONE) {
            return;
        }
        stage = Stage.REGISTERED;
        this.revision = revision;
        this.fileGuid = fileGuid;
    }

    /** {@code resourceContainer:create} is about to be sent. */
    public synchronized void creating() {
        if (this != NONE) {
            stage = Stage.CREATING;
        }
    }

    /** The pipeline's creation is known: it landed, or it certainly did not. */
    public synchronized void created() {
        if (this != NONE && stage == Stage.CREATING) {
            stage = Stage.NOTHING_SENT; // nothing more is pending: a later stop leaves what the call returned, or nothing
        }
    }

    /** {@code n} refreshes are about to be asked for. */
    public synchronized void refreshing(int n) {
        if (this == NONE) {
            return;
        }
        stage = Stage.REFRESHING;
        pipelines = n;
        refreshesSent = 0;
    }

    /** One refresh was sent (from any thread). */
    public synchronized void refreshSent() {
        if (this != NONE) {
            refreshesSent++;
        }
    }

    /** The wait: {@code finished} of {@code total} pipelines have finished ({@code total} -1: not looked at yet). */
    public synchronized void awaiting(int finished, int total) {
        if (this == NONE) {
            return;
        }
        if (stage != Stage.AWAITING) {
            waitStart = System.nanoTime();
            if (stage != Stage.REFRESHING) {
                refreshesSent = -1; // waiting for pipelines this call did not refresh
            }
        }
        stage = Stage.AWAITING;
        if (total >= 0) {
            this.finished = finished;
            this.pipelines = total;
        }
    }

    /**
     * Takes note that JShell stopped this thread (a {@link ThreadDeath} is on its way up): clears
     * the interrupt flag that comes with the stop. Seen here (JDK 17, JShell's JDI engine): the
     * stopped snippet's thread is interrupted too, so that writing the history or the sentence
     * failed on an interruptible channel; and as the next snippet runs on the same agent thread,
     * the flag could make it fail at its first wait.
     */
    public static void stopped() {
        Thread.interrupted();
    }

    /** Ctrl-C in JShell: ends the progress lines, then says on standard error what the service holds. */
    private void stoppedByShell() {
        stopped();
        String[] said = said();
        synchronized (this) {
            if (reported) {
                return;
            }
            reported = true;
        }
        endProgress();
        System.err.println("Stopped: " + said[0] + ". " + said[1] + ".");
        System.err.flush();
    }

    private CancelledException cancelled(USmartException e) {
        endProgress();
        String[] said = said();
        synchronized (this) {
            reported = true;
            return new CancelledException(Failure.of(action, guid, "interrupted: " + said[0], said[1]), e, state(),
                    stage == Stage.REGISTERED || stage.compareTo(Stage.REFRESHING) >= 0 ? revision : null,
                    stage == Stage.AWAITING ? finished : 0, stage.compareTo(Stage.REFRESHING) >= 0 ? pipelines : 0);
        }
    }

    private void endProgress() {
        List<ProgressListener> lines;
        synchronized (this) {
            lines = new ArrayList<>(watched);
        }
        for (ProgressListener l : lines) {
            try {
                l.finished(action, false);
            } catch (RuntimeException | LinkageError ignored) {
                // progress must not keep the sentence from being said
            }
        }
    }

    private synchronized State state() {
        return switch (stage) {
            case NOTHING_SENT -> revision != null ? State.REGISTERED : State.NOTHING_CHANGED;
            case UPLOADING -> State.UPLOAD_CANCELLED;
            case REGISTERING, CREATING -> State.MAY_HAVE_LANDED;
            case REGISTERED -> State.REGISTERED;
            case REFRESHING -> refreshesSent > 0 ? State.REFRESH_REQUESTED : revision != null || added ? State.REGISTERED
                    : State.NOTHING_CHANGED;
            case AWAITING -> State.PROCESSING;
        };
    }

    /** What the service holds, in words (for the history of a write stopped half way). */
    public String summary() {
        return this == NONE ? "stopped before it ended" : said()[0];
    }

    /** What the service holds, and what to do: two sentences without their full stops. */
    synchronized String[] said() {
        String file = fileName == null ? "the file" : fileName;
        String registered = added && fileGuid != null ? file + " registered as new file " + fileGuid
                : revision == null ? file + " registered" : "registered as revision " + revision;
        boolean wrote = revision != null || added && stage.compareTo(Stage.REGISTERED) >= 0;
        return switch (stage) {
            case NOTHING_SENT -> wrote ? new String[] {registered, "Nothing else was started"}
                    : new String[] {"nothing was changed on the service", "Run it again when you are ready"};
            case UPLOADING -> new String[] {"upload of " + file + " cancelled; nothing was registered"
                    + (revisionBefore == null ? "" : " (the file is still at revision " + revisionBefore + ")"),
                    "Run it again to upload it"};
            case REGISTERING -> new String[] {file + " was uploaded and its registration (" + (added ? "file:create" : "file:updateRevision")
                    + ") was sent: it may have landed" + (revisionBefore == null ? "" : " as revision " + (revisionBefore + 1)),
                    "Check with files() before running it again" + (added ? " (a second add would make a second file)"
                            : "; running the replace again is safe (an unchanged file is not sent twice)")};
            case REGISTERED -> new String[] {registered + "; refresh not started", "refreshAll() starts the refresh of its pipelines"};
            case CREATING -> new String[] {"the pipeline's creation (resourceContainer:create) was sent: it may have landed",
                    "Check with pipelines() before calling createPipeline again: it would make a second pipeline"};
            case REFRESHING -> refreshesSent == 0
                    ? new String[] {(wrote ? registered + "; " : "") + "refresh not started", "refreshAll() starts it"}
                    : new String[] {(wrote ? registered + "; " : "") + "refresh of " + refreshesSent + " of " + pipelines
                    + " pipeline(s) requested; they process on the service",
                    "pipelines() shows where they stand; refreshAll() asks again for all of them (safe to repeat)"};
            case AWAITING -> pipelines == 0 ? new String[] {"stopped waiting before the pipelines were looked at;"
                    + " whatever they process goes on on the service", "pipelines() shows where they stand"}
                    : new String[] {(wrote ? registered + "; " : "") + (refreshesSent > 0 ? "refresh of " + pipelines
                    + " pipeline(s) requested; " : "") + finished + " of " + pipelines + " finished after "
                    + seconds(System.nanoTime() - waitStart) + ", the rest still run on the service",
                    "awaitProcessed(Duration.ofMinutes(10)) waits again; pipelines() shows where they stand"};
        };
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }
}

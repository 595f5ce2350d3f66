package io.github.usmartkit.error;

import java.util.Optional;

/**
 * A kit call stopped by an interrupt of its thread (a notebook's interrupt button, a job's
 * shutdown, {@code Future.cancel(true)}) before it ended; the interrupt flag stays set. Its
 * {@link #state()} says what the service was left with, and {@link #what()} says it in one
 * sentence, such as "upload of air.csv cancelled; nothing was registered" or "registered as
 * revision 5; refresh not started". A {@link TransportException} because the kit stopped waiting
 * for an answer, as other interrupts have always been reported.
 */
public class CancelledException extends TransportException {

    /** What the service holds after the call was stopped. */
    public enum State {
        /** Nothing was changed on the service (only reads, or nothing at all, had been sent). */
        NOTHING_CHANGED,
        /** The upload was cancelled before it was registered: the file in uSmart is as it was. */
        UPLOAD_CANCELLED,
        /** The registration (or a pipeline's creation) was sent and may have landed: check before repeating it. */
        MAY_HAVE_LANDED,
        /** The new revision (or file) is registered; no refresh was asked for. */
        REGISTERED,
        /** Refreshes were asked for; their pipelines process on the service whatever the kit does. */
        REFRESH_REQUESTED,
        /** The kit was waiting for pipelines, which go on processing on the service. */
        PROCESSING
    }

    private final State state;
    private final Long revision;
    private final int finished;
    private final int pipelines;

    /**
     * @param revision  the file's revision the call registered, or null
     * @param finished  the pipelines seen finished when it stopped (0 when it was not waiting)
     * @param pipelines the pipelines refreshed or waited for (0 when none)
     */
    public CancelledException(Failure failure, Throwable cause, State state, Long revision, int finished, int pipelines) {
        super(failure, cause);
        this.state = state;
        this.revision = revision;
        this.finished = finished;
        this.pipelines = pipelines;
    }

    /** What the service was left with. */
    public State state() {
        return state;
    }

    /** The revision the call registered before it was stopped, if it got that far. */
    public Optional<Long> revision() {
        return Optional.ofNullable(revision);
    }

    /** How many of {@link #pipelines()} were seen finished when it stopped. */
    public int finished() {
        return finished;
    }

    /** How many pipelines were refreshed or waited for (0 when it stopped before). */
    public int pipelines() {
        return pipelines;
    }
}

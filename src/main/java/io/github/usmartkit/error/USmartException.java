package io.github.usmartkit.error;

import io.github.usmartkit.internal.text.Debug;
import io.github.usmartkit.internal.text.Redaction;

import java.time.Duration;
import java.util.Optional;

/**
 * The one base type of every failure the kit reports. Unchecked, because checked exceptions do
 * not compile inside lambdas in JShell. Each subclass is a kind of failure; each carries its facts
 * as data — {@link #action()}, {@link #guid()}, {@link #what()}, {@link #whatToDo()},
 * {@link #status()}, {@link #serviceCode()}, {@link #serviceMessage()}, {@link #retryAfter()},
 * {@link #attempts()} — from which {@link #getMessage()} is built. Every text field is cleaned
 * once, when the exception is made, of known secrets and of the query strings of URLs (a signed
 * URL's query is a credential).
 *
 * <p>Kit exceptions carry no stack trace (a person at a prompt needs the message and what to do,
 * not the kit's internal frames) unless {@code USMART_DEBUG=1} is set or {@code Kit.debug(true)}
 * was called; their cause, if any, keeps its own.
 */
public abstract class USmartException extends RuntimeException {

    private final Failure failure;

    protected USmartException(Failure failure, Throwable cause) {
        super(null, cause, true, Debug.stackTraces());
        Failure f = failure == null ? Failure.of(null, null, null, null) : failure;
        this.failure = new Failure(f.action(), f.guid(), Redaction.clean(f.what()), Redaction.clean(f.whatToDo()),
                f.status(), f.serviceCode(), Redaction.clean(f.serviceMessage()), f.retryAfter(), f.attempts());
    }

    /** All the facts at once. */
    public Failure failure() {
        return failure;
    }

    /** The action or step that failed, e.g. {@code file:create} or {@code PUT}. */
    public String action() {
        return failure.action();
    }

    /** The GUID (dataset, file, container) the action concerned, if any. */
    public Optional<String> guid() {
        return Optional.ofNullable(failure.guid());
    }

    /** What went wrong, in words. */
    public String what() {
        return failure.what();
    }

    /** What to do about it (never null). */
    public String whatToDo() {
        return failure.whatToDo();
    }

    /** The HTTP status of the answer, or 0 when there was none (timeouts, refused connections, checks before any call). */
    public int status() {
        return failure.status();
    }

    /** The service's own error code ({@code NotFound}, S3's {@code AccessDenied}, …), if any. */
    public Optional<String> serviceCode() {
        return Optional.ofNullable(failure.serviceCode());
    }

    /** The service's own error message, if any. */
    public Optional<String> serviceMessage() {
        return Optional.ofNullable(failure.serviceMessage());
    }

    /** The wait the service asked for before trying again ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(failure.retryAfter());
    }

    /** How many attempts were made (1 when the call was not repeated). */
    public int attempts() {
        return failure.attempts();
    }

    @Override
    public String getMessage() {
        return failure.message();
    }
}

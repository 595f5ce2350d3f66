package io.github.usmartkit.internal.http;

import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.RateLimitedException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.error.UploadFailedException;

/**
 * One failed attempt, before it becomes an exception: the kind, the facts, and whether trying
 * again could help. The {@link Retrier} decides; {@link #toException} makes the exception.
 *
 * @param kind             which exception it becomes
 * @param failure          the facts (action, GUID, what, what to do, status, the service's words, Retry-After)
 * @param cause            the underlying exception, or null
 * @param transientFailure whether the same call might succeed later (429, 5xx, I/O)
 * @param ambiguous        whether the call may have taken effect although it failed (5xx, timeout,
 *                         reset): a call that is not safe to repeat must be checked before being repeated
 * @param cutByDeadline    whether the attempt ended because the call's deadline came (it says less
 *                         than the failure before it, if there was one)
 */
public record Problem(Kind kind, Failure failure, Throwable cause, boolean transientFailure, boolean ambiguous,
                      boolean cutByDeadline) {

    public Problem(Kind kind, Failure failure, Throwable cause, boolean transientFailure, boolean ambiguous) {
        this(kind, failure, cause, transientFailure, ambiguous, false);
    }

    /** The kinds of failure; each maps to one exception type. */
    public enum Kind { AUTHENTICATION, PERMISSION, NOT_FOUND, RATE_LIMITED, BAD_REQUEST, SERVICE, TRANSPORT, UPLOAD, CONFIGURATION }

    /** A problem that retrying cannot help and that certainly did not take effect. */
    public static Problem definite(Kind kind, Failure failure, Throwable cause) {
        return new Problem(kind, failure, cause, false, false);
    }

    /** A copy with other facts. */
    public Problem with(Failure f) {
        return new Problem(kind, f, cause, transientFailure, ambiguous, cutByDeadline);
    }

    /** A copy of another kind (e.g. a transport failure of a PUT reported as an upload failure). */
    public Problem as(Kind k) {
        return new Problem(k, failure, cause, transientFailure, ambiguous, cutByDeadline);
    }

    /** The exception for this problem after {@code attempts} attempts. */
    public USmartException toException(int attempts) {
        Failure f = failure.withAttempts(attempts);
        return switch (kind) {
            case AUTHENTICATION -> new AuthenticationException(f, cause);
            case PERMISSION -> new PermissionException(f, cause);
            case NOT_FOUND -> new NotFoundException(f, cause);
            case RATE_LIMITED -> new RateLimitedException(f, cause);
            case BAD_REQUEST -> new BadRequestException(f, cause);
            case SERVICE -> new ServiceException(f, cause);
            case TRANSPORT -> new TransportException(f, cause);
            case UPLOAD -> new UploadFailedException(f, cause);
            case CONFIGURATION -> new ConfigurationException(f, cause);
        };
    }
}

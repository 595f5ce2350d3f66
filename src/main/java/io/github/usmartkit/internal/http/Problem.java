package io.github.usmartkit.internal.http;

import io.github.usmartkit.internal.text.Redaction;

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

import java.time.Duration;

/**
 * One failed attempt, before it becomes an exception: the kind, the facts, and whether trying
 * again could help. The {@link Retrier} decides; {@link #toException} writes the final message
 * (with secrets and signed query strings removed).
 *
 * @param kind       which exception it becomes
 * @param failure    action, GUID, status, service code and message
 * @param what       what went wrong, in words
 * @param todo       what the user can do
 * @param cause      the underlying exception, or null
 * @param retryAfter the wait the service asked for, or null
 * @param transientFailure whether the same call might succeed later (429, 5xx, I/O)
 * @param ambiguous  whether the call may have taken effect although it failed (5xx, timeout,
 *                   reset): a non-idempotent call must be checked before being repeated
 */
public record Problem(Kind kind, Failure failure, String what, String todo, Throwable cause,
                      Duration retryAfter, boolean transientFailure, boolean ambiguous) {

    /** The kinds of failure; each maps to one exception type. */
    public enum Kind { AUTHENTICATION, PERMISSION, NOT_FOUND, RATE_LIMITED, BAD_REQUEST, SERVICE, TRANSPORT, UPLOAD, CONFIGURATION }

    /** The kind for an HTTP status. */
    public static Kind kindOf(int status) {
        if (status == 401) {
            return Kind.AUTHENTICATION;
        }
        if (status == 403) {
            return Kind.PERMISSION;
        }
        if (status == 404 || status == 410) {
            return Kind.NOT_FOUND;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status == 407) {
            return Kind.TRANSPORT; // proxy authentication: a matter of our settings, not of the service
        }
        if (status == 408) {
            return Kind.TRANSPORT;
        }
        if (status >= 400 && status < 500) {
            return Kind.BAD_REQUEST;
        }
        return Kind.SERVICE;
    }

    /** Whether a status means "try again later" (the request may or may not have been applied for 5xx). */
    public static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** A copy of this problem saying {@code newWhat}. */
    public Problem withWhat(String newWhat) {
        return new Problem(kind, failure, newWhat, todo, cause, retryAfter, transientFailure, ambiguous);
    }

    /**
     * The exception for this problem.
     *
     * @param attempts how many attempts were made (mentioned when more than one)
     * @param secrets  strings that must not appear in the message
     */
    public USmartException toException(int attempts, String... secrets) {
        String w = what + (attempts > 1 ? " (after " + attempts + " attempts)" : "");
        String message = Redaction.clean(failure.describe(w, todo), secrets);
        Failure f = new Failure(failure.action(), failure.guid(), failure.status(), failure.serviceCode(),
                Redaction.clean(failure.serviceMessage(), secrets));
        return switch (kind) {
            case AUTHENTICATION -> new AuthenticationException(message, f, cause);
            case PERMISSION -> new PermissionException(message, f, cause);
            case NOT_FOUND -> new NotFoundException(message, f, cause);
            case RATE_LIMITED -> new RateLimitedException(message, f, cause);
            case BAD_REQUEST -> new BadRequestException(message, f, cause);
            case SERVICE -> new ServiceException(message, f, cause);
            case TRANSPORT -> new TransportException(message, f, cause);
            case UPLOAD -> new UploadFailedException(message, f, cause);
            case CONFIGURATION -> new ConfigurationException(message, f, cause);
        };
    }
}

package io.github.usmartkit.internal.http;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.http.Problem.Kind;
import io.github.usmartkit.internal.text.Redaction;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one mapping from what the service answered to what the kit reports: HTTP status or the
 * service's error code → kind of failure, whether trying again may help, whether the call may
 * have landed anyway, what went wrong in words and what to do about it.
 */
public final class ErrorMapping {

    private ErrorMapping() {
    }

    /** The kind for an HTTP status. */
    public static Kind kindOf(int status) {
        return switch (status) {
            case 401 -> Kind.AUTHENTICATION;
            case 403 -> Kind.PERMISSION;
            case 404, 410 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            case 407, 408 -> Kind.TRANSPORT; // the proxy or the connection, not the service
            default -> status >= 400 && status < 500 ? Kind.BAD_REQUEST : Kind.SERVICE;
        };
    }

    /** Whether a status means "try again later". */
    public static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Whether a call answered with {@code status} may have taken effect anyway (a server error: it may have failed after applying). */
    public static boolean ambiguousStatus(int status) {
        return status >= 500;
    }

    /** The status an error code inside a JSON answer stands for, when the answer's own status does not say. */
    public static int statusOfCode(String code) {
        if (code == null) {
            return 500;
        }
        return switch (code) {
            case "Unauthorized", "Unauthenticated", "AuthenticationFailed" -> 401;
            case "Forbidden", "AccessDenied", "PermissionDenied" -> 403;
            case "NotFound", "UnknownAction" -> 404;
            case "TooManyRequests", "RateLimited", "Throttled" -> 429;
            case "MalformedJson", "ValidationError", "InvalidReference", "BadRequest" -> 400;
            case "ServiceUnavailable" -> 503;
            case "BadGateway" -> 502;
            default -> 500;
        };
    }

    /**
     * The problem for an error answer.
     *
     * @param inner      the status the error stands for (the HTTP status, or the one inside error JSON sent with 200)
     * @param httpStatus the HTTP status of the answer
     */
    public static Problem answered(Action action, String guid, int inner, int httpStatus, String code, String message,
                                   Duration retryAfter, String org) {
        Kind kind = kindOf(inner);
        String what = what(kind, inner) + (inner != httpStatus ? " (reported inside an HTTP " + httpStatus + " answer)" : "");
        Failure f = Failure.of(action.name(), guid, what, hint(kind, action, org))
                .withStatus(httpStatus).withService(code, message).withRetryAfter(retryAfter);
        return new Problem(kind, f, null, transientStatus(inner), ambiguousStatus(inner));
    }

    private static String what(Kind kind, int status) {
        return switch (kind) {
            case AUTHENTICATION -> "the API key was refused";
            case PERMISSION -> "the API key is not allowed to do this";
            case NOT_FOUND -> "not found";
            case RATE_LIMITED -> "the service is rate limiting us";
            case BAD_REQUEST -> "the service refused the request as invalid";
            case TRANSPORT -> status == 407 ? "the proxy demands credentials it did not get" : "the request timed out";
            default -> "the service failed";
        };
    }

    /** What to do about a failure of this kind. */
    public static String hint(Kind kind, Action action, String org) {
        return switch (kind) {
            case AUTHENTICATION -> "Check USMART_API_KEY_ID and USMART_API_KEY_SECRET (or your ~/.usmart/credentials profile);"
                    + " regenerating a key in uSmart (Profile > Settings) invalidates the old secret";
            case PERMISSION -> "dataset:view needs the Viewer role, every other action Provider or Admin: check the key's role"
                    + " and that it belongs to organisation " + org + " (USMART_ORG)";
            case NOT_FOUND -> notFoundHint(action, org);
            case RATE_LIMITED -> "Wait a minute and try again; the kit already waited as the service asked";
            case BAD_REQUEST -> "Fix what the service's message names";
            case TRANSPORT -> "Try again; raise the read timeout (USmart.builder().readTimeout(..)) for big answers;"
                    + " for HTTP 407 give the proxy's user and password with USmart.builder().proxy(host, port, user, password)";
            default -> "This is a fault on the service's side; try again later"
                    + (action.safeToRepeat() ? "" : " (dataset(..).view() shows whether it was applied before you repeat it)");
        };
    }

    private static String notFoundHint(Action action, String org) {
        return switch (action.name()) {
            case "dataset:view", "file:create", "resourceContainer:create" ->
                    "Check the dataset GUID: catalog() lists the organisation's datasets";
            case "file:updateRevision" -> "Check the file GUID: dataset(ds).files() lists a dataset's files";
            case "resourceContainer:process", "urql" ->
                    "Check the resource container GUID: dataset(ds).pipelines() lists a dataset's pipelines (a new one has no rows until it is processed)";
            case "dcat" -> "Check the organisation GUID (USMART_ORG) and the base URL";
            default -> action.controlPlane() ? "Check the action name, the GUIDs in the body and the organisation " + org
                    : "Check the GUID and the organisation " + org;
        };
    }

    /** A 3xx: never followed, because the API key would go along. */
    public static Problem redirect(Action action, String guid, int status, String location) {
        return Problem.definite(Kind.CONFIGURATION, Failure.of(action.name(), guid,
                "the service redirected to " + (location == null || location.isEmpty() ? "another address" : Redaction.withoutQuery(location))
                        + ", which the kit does not follow (the API key would go with it)",
                "If that is the right address, set it as USMART_BASE_URL (control plane, DCAT) or USMART_READ_URL (read API),"
                        + " or with USmart.builder().baseUrl(..) / readUrl(..)").withStatus(status), null);
    }

    /**
     * The wait a {@code Retry-After} header asks for (seconds or an HTTP date; a date in the past is
     * zero), or null if there is none or it cannot be read.
     */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(h)));
        } catch (NumberFormatException ignored) {
            // an HTTP date
        }
        try {
            ZonedDateTime t = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
            Duration d = Duration.between(ZonedDateTime.now(t.getZone()), t);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }
}

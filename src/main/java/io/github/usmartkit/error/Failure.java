package io.github.usmartkit.error;

import java.time.Duration;

/**
 * The facts of one failure: what was being done, on what, what went wrong, what to do about it,
 * and what the service said. A {@link USmartException} carries one and builds its message from
 * it; read the fields rather than the message.
 *
 * <pre>{@code throw new BadRequestException(Failure.of("register", guid, "no pending registration given",
 *         "Pass e.pending() of the RegistrationFailedException"));}</pre>
 *
 * @param action         the action or step that failed, e.g. {@code dataset:view}, {@code PUT}, {@code urql}
 * @param guid           the GUID (dataset, file, container) concerned, or null
 * @param what           what went wrong, in words (never null)
 * @param whatToDo       what the user can do about it (never null; may be empty only when nothing can be done)
 * @param status         the HTTP status of the answer, or 0 when there was none
 * @param serviceCode    the service's own error code (uSmart's {@code NotFound}, S3's {@code AccessDenied}, …), or null
 * @param serviceMessage the service's own message (or an excerpt of a non-JSON body), or null
 * @param retryAfter     the wait the service asked for ({@code Retry-After}), or null
 * @param attempts       how many attempts were made (1 when the call was not repeated)
 */
public record Failure(String action, String guid, String what, String whatToDo, int status, String serviceCode,
                      String serviceMessage, Duration retryAfter, int attempts) {

    public Failure {
        action = action == null || action.isBlank() ? "request" : action;
        guid = guid == null || guid.isBlank() ? null : guid;
        what = what == null || what.isBlank() ? "it failed" : what.strip();
        whatToDo = whatToDo == null ? "" : whatToDo.strip();
        serviceCode = serviceCode == null || serviceCode.isBlank() ? null : serviceCode;
        serviceMessage = serviceMessage == null || serviceMessage.isBlank() ? null : serviceMessage.strip();
        attempts = Math.max(1, attempts);
    }

    /** A failure without an answer from the service (no status, no service words), after one attempt. */
    public static Failure of(String action, String guid, String what, String whatToDo) {
        return new Failure(action, guid, what, whatToDo, 0, null, null, null, 1);
    }

    /** This failure with the HTTP status of the answer. */
    public Failure withStatus(int httpStatus) {
        return new Failure(action, guid, what, whatToDo, httpStatus, serviceCode, serviceMessage, retryAfter, attempts);
    }

    /** This failure with the service's own code and message. */
    public Failure withService(String code, String message) {
        return new Failure(action, guid, what, whatToDo, status, code, message, retryAfter, attempts);
    }

    /** This failure with the wait the service asked for. */
    public Failure withRetryAfter(Duration wait) {
        return new Failure(action, guid, what, whatToDo, status, serviceCode, serviceMessage, wait, attempts);
    }

    /** This failure after {@code n} attempts. */
    public Failure withAttempts(int n) {
        return new Failure(action, guid, what, whatToDo, status, serviceCode, serviceMessage, retryAfter, n);
    }

    /** This failure saying {@code newWhat}. */
    public Failure withWhat(String newWhat) {
        return new Failure(action, guid, newWhat, whatToDo, status, serviceCode, serviceMessage, retryAfter, attempts);
    }

    /** This failure advising {@code newWhatToDo}. */
    public Failure withWhatToDo(String newWhatToDo) {
        return new Failure(action, guid, what, newWhatToDo, status, serviceCode, serviceMessage, retryAfter, attempts);
    }

    /** This failure about another action and GUID (e.g. a registration failing after its upload). */
    public Failure about(String newAction, String newGuid) {
        return new Failure(newAction, newGuid, what, whatToDo, status, serviceCode, serviceMessage, retryAfter, attempts);
    }

    /**
     * The message: {@code ACTION [on GUID] failed: WHAT [(after N attempts)] [(HTTP S CODE)]
     * [. Service said: …]. WHAT TO DO}. The GUID is named once, here; {@code what} need not repeat it.
     */
    public String message() {
        StringBuilder sb = new StringBuilder(summary());
        if (!whatToDo.isEmpty()) {
            char last = sb.charAt(sb.length() - 1);
            sb.append(last == '.' || last == '?' || last == '!' ? " " : ". ").append(whatToDo);
        }
        return sb.toString();
    }

    /** The message without the advice: what failed, on what, and what the service said. */
    public String summary() {
        StringBuilder sb = new StringBuilder(action);
        if (guid != null) {
            sb.append(" on ").append(guid);
        }
        sb.append(" failed: ").append(what);
        if (attempts > 1) {
            sb.append(" (after ").append(attempts).append(" attempts)");
        }
        if (status > 0) {
            sb.append(" (HTTP ").append(status);
            if (serviceCode != null) {
                sb.append(' ').append(serviceCode);
            }
            sb.append(')');
        } else if (serviceCode != null) {
            sb.append(" (").append(serviceCode).append(')');
        }
        if (serviceMessage != null) {
            sb.append(". Service said: ").append(serviceMessage);
        }
        return sb.toString();
    }
}

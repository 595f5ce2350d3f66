package io.github.usmartkit.error;

/**
 * The facts of one failure, from which the message of a {@link USmartException} is written.
 *
 * @param action         what was being done, e.g. {@code dataset:view}, {@code PUT}, {@code urql}
 * @param guid           the GUID concerned, or null
 * @param status         the HTTP status, or 0 when there was no answer
 * @param serviceCode    the service's error code, or null
 * @param serviceMessage the service's error message (or an excerpt of a non-JSON body), or null
 */
public record Failure(String action, String guid, int status, String serviceCode, String serviceMessage) {

    /** A failure without an HTTP answer. */
    public static Failure of(String action, String guid) {
        return new Failure(action, guid, 0, null, null);
    }

    /**
     * Writes the message: what failed, on which GUID, the status, the service's words, and
     * what to do about it.
     */
    public String describe(String what, String todo) {
        StringBuilder sb = new StringBuilder();
        sb.append(action == null ? "request" : action);
        if (guid != null) {
            sb.append(" on ").append(guid);
        }
        sb.append(" failed: ").append(what);
        if (status > 0) {
            sb.append(" (HTTP ").append(status);
            if (serviceCode != null) {
                sb.append(' ').append(serviceCode);
            }
            sb.append(')');
        } else if (serviceCode != null) {
            sb.append(" (").append(serviceCode).append(')');
        }
        if (serviceMessage != null && !serviceMessage.isBlank()) {
            sb.append(". Service said: ").append(serviceMessage.strip());
        }
        if (todo != null && !todo.isBlank()) {
            sb.append(". ").append(todo);
        }
        return sb.toString();
    }
}

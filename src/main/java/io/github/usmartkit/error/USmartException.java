package io.github.usmartkit.error;

import java.util.Optional;

/**
 * The one base type of every failure the kit reports. Unchecked, because checked exceptions do
 * not compile inside lambdas in JShell. Each subclass is a kind of failure; each carries what
 * was being done ({@link #action()}), the GUID concerned, the HTTP status and the service's own
 * error code and message where there were any. Messages never hold a secret or the query string
 * of a signed URL.
 */
public abstract class USmartException extends RuntimeException {

    private final String action;
    private final String guid;
    private final int status;
    private final String serviceCode;
    private final String serviceMessage;

    protected USmartException(String message, Failure failure, Throwable cause) {
        super(message, cause);
        this.action = failure.action();
        this.guid = failure.guid();
        this.status = failure.status();
        this.serviceCode = failure.serviceCode();
        this.serviceMessage = failure.serviceMessage();
    }

    /** The action or step that failed, e.g. {@code file:create} or {@code PUT}. */
    public String action() {
        return action;
    }

    /** The GUID (dataset, file, container) the action concerned, if any. */
    public Optional<String> guid() {
        return Optional.ofNullable(guid);
    }

    /** The HTTP status of the answer, or 0 when there was none (timeouts, refused connections). */
    public int status() {
        return status;
    }

    /** The service's own error code ({@code NotFound}, S3's {@code AccessDenied}, …), if any. */
    public Optional<String> serviceCode() {
        return Optional.ofNullable(serviceCode);
    }

    /** The service's own error message, if any. */
    public Optional<String> serviceMessage() {
        return Optional.ofNullable(serviceMessage);
    }
}

package io.github.usmartkit.error;

/**
 * The file was uploaded but registering it ({@code file:create} / {@code file:updateRevision})
 * failed. {@link #pending()} holds what is needed to retry only the register call, without a
 * second upload: {@code dataset.register(e.pending())} or {@link #retryRegister()}.
 */
public class RegistrationFailedException extends USmartException {

    private final transient PendingRegistration pending;

    public RegistrationFailedException(String message, Failure failure, Throwable cause,
                                       PendingRegistration pending) {
        super(message, failure, cause);
        this.pending = pending;
    }

    /** The uploaded object's reference and what the register call needs. */
    public PendingRegistration pending() {
        return pending;
    }

    /** The uploaded object's reference in the object store. */
    public String reference() {
        return pending.reference();
    }

    /**
     * Retries only the register call (no second upload): {@code dataset:view}, then
     * {@code file:create} or {@code file:updateRevision}.
     *
     * @return the registered file's GUID
     * @throws RegistrationFailedException if registering fails again
     */
    public String retryRegister() {
        return pending.retry();
    }
}

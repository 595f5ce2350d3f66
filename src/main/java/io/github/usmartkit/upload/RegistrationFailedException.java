package io.github.usmartkit.upload;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.USmartException;

import java.util.function.Function;

/**
 * The file was uploaded but registering it ({@code file:create} / {@code file:updateRevision})
 * failed. {@link #pending()} holds what is needed to retry only the register call, without a
 * second upload: {@code dataset.register(e.pending())} or {@link #retryRegister()}.
 */
public class RegistrationFailedException extends USmartException {

    private final transient PendingRegistration pending;
    private final transient Function<PendingRegistration, UploadResult> register;

    /**
     * @param register registers {@code pending} again (the kit's own; {@code null} when the
     *                 exception was made elsewhere, then {@link #retryRegister()} refuses)
     */
    public RegistrationFailedException(Failure failure, Throwable cause, PendingRegistration pending,
                                       Function<PendingRegistration, UploadResult> register) {
        super(failure, cause);
        this.pending = pending;
        this.register = register;
    }

    /** The uploaded object's reference and what the register call needs. */
    public PendingRegistration pending() {
        return pending;
    }

    /** The uploaded object's reference in the object store. */
    public String reference() {
        return pending == null ? null : pending.reference();
    }

    /**
     * Retries only the register call (no second upload), as {@code dataset.register(e.pending())} does.
     *
     * @return the registered file
     * @throws RegistrationFailedException if registering fails again
     * @throws IllegalStateException if this exception was not made by the kit's own upload
     */
    public UploadResult retryRegister() {
        if (register == null || pending == null) {
            throw new IllegalStateException("this RegistrationFailedException carries no way to register again;"
                    + " call dataset(guid).register(e.pending()) instead");
        }
        return register.apply(pending);
    }
}

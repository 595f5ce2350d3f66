package io.github.usmartkit.upload;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.USmartException;

import java.util.function.Function;

/**
 * The file was uploaded but registering it ({@code file:create} / {@code file:updateRevision})
 * failed, or may have failed. {@link #pending()} holds what is needed to retry only the register
 * call, without a second upload: {@link #retryRegister()} or {@code dataset.register(e.pending())},
 * which first check with {@code dataset:view} whether the registration landed after all and send
 * it again only if it certainly did not.
 *
 * <p>When the kit could not tell whether it landed ({@link #mayHaveLanded()}: the check kept
 * failing, or the service does not report what identifies the kit's write), the retry helpers
 * refuse to send it blind; check with {@code files()} and, if it is not there,
 * {@link #registerAnyway()}.
 */
public class RegistrationFailedException extends USmartException {

    private final transient PendingRegistration pending;
    private final transient Function<PendingRegistration, UploadResult> register;
    private final transient Function<PendingRegistration, UploadResult> registerAnyway;
    private final boolean mayHaveLanded;

    /**
     * @param register registers {@code pending} again, checking first (the kit's own; {@code null}
     *                 when the exception was made elsewhere, then {@link #retryRegister()} refuses)
     */
    public RegistrationFailedException(Failure failure, Throwable cause, PendingRegistration pending,
                                       Function<PendingRegistration, UploadResult> register) {
        this(failure, cause, pending, register, null, false);
    }

    /**
     * @param register       registers {@code pending} again after checking that it did not land
     * @param registerAnyway sends the register call without that check, or null
     * @param mayHaveLanded  whether the kit could not tell if the registration landed
     */
    public RegistrationFailedException(Failure failure, Throwable cause, PendingRegistration pending,
                                       Function<PendingRegistration, UploadResult> register,
                                       Function<PendingRegistration, UploadResult> registerAnyway, boolean mayHaveLanded) {
        super(failure, cause);
        this.pending = pending;
        this.register = register;
        this.registerAnyway = registerAnyway;
        this.mayHaveLanded = mayHaveLanded;
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
     * Whether the kit could not tell if the registration landed: it may have. Check with
     * {@code dataset(..).files()} before registering again.
     */
    public boolean mayHaveLanded() {
        return mayHaveLanded;
    }

    /**
     * Retries only the register call (no second upload), as {@code dataset.register(e.pending())}
     * does: {@code dataset:view} first; if the registration landed after all, its result is
     * returned without sending anything; only if it certainly did not is it sent again.
     *
     * @return the registered file
     * @throws RegistrationFailedException if registering fails again, or if the kit still cannot tell
     *                                     whether it landed (then nothing is sent: {@link #mayHaveLanded()})
     * @throws IllegalStateException if this exception was not made by the kit's own upload
     */
    public UploadResult retryRegister() {
        if (register == null || pending == null) {
            throw new IllegalStateException("this RegistrationFailedException carries no way to register again;"
                    + " call dataset(guid).register(e.pending()) instead");
        }
        return register.apply(pending);
    }

    /**
     * Sends the register call again WITHOUT checking whether the first one landed: only after you
     * have checked with {@code dataset(..).files()} that it did not (else the file is registered
     * twice, or gets two revisions for one upload).
     *
     * @throws RegistrationFailedException if registering fails again
     * @throws IllegalStateException if this exception was not made by the kit's own upload
     */
    public UploadResult registerAnyway() {
        if (registerAnyway == null || pending == null) {
            throw new IllegalStateException("this RegistrationFailedException carries no way to register again;"
                    + " call dataset(guid).register(e.pending()) instead");
        }
        return registerAnyway.apply(pending);
    }
}

package io.github.usmartkit.cli;

import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.ProcessingTimeoutException;
import io.github.usmartkit.error.RefreshFailedException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.error.VerificationFailedException;
import io.github.usmartkit.upload.RegistrationFailedException;
import picocli.CommandLine;

/**
 * The exit codes, and the one place where a failure becomes one. A scheduler can act on them
 * without reading the message: 0 done; 1 failed, nothing half-done (the message says what state
 * the service is in); 2 fix how it is called or configured before running again; 3 a bulk run
 * where some lines failed; 4 published, but the public does not see what the file holds.
 */
final class ExitCodes {

    /** Done. */
    static final int OK = 0;
    /** Failed; nothing is half-done, and the message says what state the service is in. */
    static final int FAILED = 1;
    /** Usage or configuration: bad arguments, missing or refused credentials. Nothing was changed. */
    static final int USAGE = 2;
    /** Partial: some lines of a bulk manifest failed (the results table says which). */
    static final int PARTIAL = 3;
    /** Published, but verifying what the public sees failed. */
    static final int UNVERIFIED = 4;

    static final String HELP_OK = "0:done";
    static final String HELP_FAILED = "1:failed; nothing is half-done, the message says what state uSmart is in";
    static final String HELP_USAGE = "2:usage or configuration: bad arguments, missing or refused credentials";
    static final String HELP_PARTIAL = "3:partial: some lines of a bulk manifest failed (the table says which)";
    static final String HELP_UNVERIFIED = "4:published, but what the public sees differs from the file";

    private ExitCodes() {
    }

    /** The exit code for a failure. */
    static int of(Throwable e) {
        if (e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (e instanceof VerificationFailedException) {
            return UNVERIFIED;
        }
        // The keys and their role are configuration: running again changes nothing until they are fixed.
        if (e instanceof ConfigurationException || e instanceof AuthenticationException || e instanceof PermissionException) {
            return USAGE;
        }
        // A bad argument the kit refused before any call (a GUID that is none, a null, a bad name).
        if (e instanceof BadRequestException b && b.status() == 0) {
            return USAGE;
        }
        return FAILED;
    }

    /**
     * What state the service is in after {@code e}, in one sentence, for a command that writes:
     * whether anything changed, and what running the command again will do.
     *
     * @param done what the command had completed before {@code e} (e.g. "file 3880d4e6-… registered as
     *             revision 3"), from its progress, or null when nothing was
     */
    static String stateAfterWrite(Throwable e, String done) {
        String so = done == null ? "" : done + "; ";
        if (e instanceof VerificationFailedException) {
            return so + "the new content is registered and processed, but what the public sees differs (see above); "
                    + "running the command again sends nothing if the file is unchanged, and verifies again";
        }
        if (e instanceof RegistrationFailedException r) {
            return so + (r.mayHaveLanded()
                    ? "the file was uploaded, and whether it was registered cannot be told: check with `usmart status` before running again"
                    : "the file was uploaded but not registered: the dataset still holds what it held; running again uploads again");
        }
        if (e instanceof RefreshFailedException) {
            return so + "some pipelines were not asked to process (see above): `usmart refresh DATASET` asks again";
        }
        if (e instanceof ProcessingTimeoutException) {
            return so + "the pipelines are still processing: `usmart status DATASET` shows them; running the same command again "
                    + "later sends nothing if the file is unchanged, and verifies";
        }
        if (done != null) {
            return so + "what followed did not finish: running the command again sends nothing if the file is unchanged, and carries on";
        }
        if (e instanceof PreflightFailedException || e instanceof SchemaChangeException || e instanceof ConfigurationException
                || e instanceof BadRequestException || e instanceof NotFoundException || e instanceof AuthenticationException
                || e instanceof PermissionException || e instanceof CommandLine.ParameterException) {
            return "nothing was changed";
        }
        if (e instanceof UploadFailedException) {
            return "nothing was registered: the dataset still holds what it held";
        }
        // Lost answers of writes are checked by the kit (it looks for its own write), and say so when it cannot tell.
        return "nothing was registered unless the message above says it may have been";
    }

    /** The state after a failed read: nothing changed. */
    static String stateAfterRead() {
        return "nothing was changed (a read)";
    }
}

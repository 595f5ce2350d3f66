package io.github.usmartkit.error;

import io.github.usmartkit.model.VerifyReport;

/**
 * What the public sees through the read API differs from the local file: a pipeline publishes
 * another number of rows, lacks or adds columns, or did not process the file.
 * {@link #report()} holds the comparison, one row per pipeline.
 */
public class VerificationFailedException extends USmartException {

    private final transient VerifyReport report;

    public VerificationFailedException(Failure failure, VerifyReport report) {
        super(failure, null);
        this.report = report;
    }

    /** The comparison of each pipeline fed by the file with the local file. */
    public VerifyReport report() {
        return report;
    }
}

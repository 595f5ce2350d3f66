package io.github.usmartkit.model;

import java.util.List;

/**
 * One pipeline's published data compared with the local file (a row of a {@link VerifyReport}).
 *
 * @param resourceContainerGuid the pipeline's container
 * @param pipelineId            e.g. {@code csv-to-api}, or null
 * @param status                its processing status as {@code dataset:view} reports it, or null
 * @param expectedRows          rows in the local file (after the header, blank lines skipped)
 * @param publishedRows         rows the read API serves, or null when it could not be read
 * @param missingColumns        columns of the local file the read API does not serve
 * @param extraColumns          columns the read API serves that the local file lacks
 * @param ok                    whether the published data matches the file
 * @param note                  why not, or what could not be checked; null when ok
 */
public record PipelineCheck(String resourceContainerGuid, String pipelineId, String status, long expectedRows,
                            Long publishedRows, List<String> missingColumns, List<String> extraColumns, boolean ok,
                            String note) {

    public PipelineCheck {
        missingColumns = List.copyOf(missingColumns);
        extraColumns = List.copyOf(extraColumns);
    }
}

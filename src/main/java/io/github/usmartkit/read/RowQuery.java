package io.github.usmartkit.read;

import com.fasterxml.jackson.databind.JsonNode;
import tech.tablesaw.api.Table;

/**
 * A read of a pipeline's published rows through the URQL read API, immutable: each refining
 * method returns a new query and makes no call. {@code usmart.read(rc).where("site", "Leith").limit(500).table()};
 * {@code all()} asks for every row ({@code limit(-1)}, streamed by the service). Reading
 * ({@link #table()}, {@link #json()}, {@link #csv()}) calls
 * {@code GET {readUrl}/org/{org}/{rc}/{latest|revision}/urql?…}, retried when it fails transiently.
 */
public interface RowQuery {

    /** Rows asked for when no limit is given (the service's own default is 100 too). */
    int DEFAULT_LIMIT = 100;

    /**
     * At most {@code n} rows; {@code -1} for every row.
     *
     * @throws io.github.usmartkit.error.BadRequestException if {@code n} is 0 or below -1
     */
    RowQuery limit(int n);

    /**
     * Skip the first {@code n} rows.
     *
     * @throws io.github.usmartkit.error.BadRequestException if {@code n} is negative
     */
    RowQuery offset(int n);

    /** Every row ({@code limit(-1)}): no 10,000-row paging limit. */
    RowQuery all();

    /**
     * Only rows whose {@code column} equals {@code value}.
     *
     * @throws io.github.usmartkit.error.BadRequestException if the column name is empty
     */
    RowQuery where(String column, Object value);

    /**
     * A given revision ({@code "latest"} or a number) instead of the latest.
     *
     * @throws io.github.usmartkit.error.BadRequestException if it is neither
     */
    RowQuery revision(String revision);

    /** The URL this query GETs (no credentials in it). */
    String url();

    /**
     * The rows as JSON (an array of objects).
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or it never completed processing
     * @throws io.github.usmartkit.error.BadRequestException if the service refuses the query (paging past 10,000 rows)
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a JSON array of rows
     */
    JsonNode json();

    /**
     * The rows as a Tablesaw table named after the container and the filters (e.g. {@code e5a7… where
     * site = North Park}, which charts turn into their title): the same call and exceptions as {@link #json()}.
     */
    Table table();

    /**
     * The rows as CSV text ({@code &format(csv)}).
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or it never completed processing
     * @throws io.github.usmartkit.error.BadRequestException if the service refuses the query
     */
    String csv();
}

package io.github.usmartkit.read;

import com.fasterxml.jackson.databind.JsonNode;
import tech.tablesaw.api.Table;

/**
 * A read of a pipeline's published rows through the URQL read API, immutable: each refining
 * method returns a new query and makes no call.
 * <pre>{@code
 * import static io.github.usmartkit.read.Urql.*;
 * read(rc).where(gt("no2", 40), eq("site", "North Park")).sort(desc("no2")).select("timestamp", "site", "no2").limit(500).table()
 * read(rc).where(or(eq("site", "A"), in("tag", "x", "y"))).all().table()
 * read(rc).revision(3).where("site", "Leith").table()
 * }</pre>
 * Reading ({@link #table()}, {@link #json()}, {@link #csv()}, and the aggregations) calls
 * {@code GET {readUrl}/org/{org}/{rc}/{latest|revision}/urql?…}, retried when it fails
 * transiently; {@link #url()} shows the query it sends. A query the service refuses (a term it
 * cannot read, paging past 10,000 rows) is a {@link io.github.usmartkit.error.BadRequestException}
 * whose message quotes the service's words about the term.
 *
 * <p>{@link #table()} types each column by the JSON it holds: whole numbers that fit a
 * {@code long} → {@code LongColumn}, other numbers → {@code DoubleColumn}, {@code true}/{@code false}
 * → {@code BooleanColumn}, text that is all ISO-8601 dates → {@code DateColumn}, ISO-8601
 * timestamps → {@code DateTimeColumn} holding UTC date-times to the millisecond (an offset such as
 * {@code +01:00} is applied; a timestamp without one counts as UTC, as the read API takes it), any
 * other text → {@code StringColumn}; {@code usmart_id} is always text; {@code null} is a missing
 * cell. A column mixing kinds becomes text, each cell as the service wrote it.
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

    /** Every row ({@code limit(-1)}, streamed by the service): no 10,000-row paging limit. */
    RowQuery all();

    /**
     * Only rows whose {@code column} equals {@code value}: {@code where(eq(column, value))}.
     *
     * @throws io.github.usmartkit.error.BadRequestException if the column name is empty, the value null (for rows
     *                                                     without a value say so: {@code where(eq(column, null))})
     *                                                     or it cannot be written
     */
    RowQuery where(String column, Object value);

    /**
     * Only rows every one of {@code filters} keeps (added to any filters already given). Filters
     * come from {@link Urql}: {@code where(gt("no2", 40), or(eq("site", "A"), eq("site", "B")))}.
     *
     * @throws io.github.usmartkit.error.BadRequestException if no filter or a null one is given
     */
    RowQuery where(Filter... filters);

    /**
     * Rows in this order ({@code sort(+a,-b)}), replacing any order given before:
     * {@code sort(desc("no2"), asc("site"))}.
     *
     * @throws io.github.usmartkit.error.BadRequestException if no key or a null one is given
     */
    RowQuery sort(Sort... keys);

    /**
     * Rows ascending by these columns: {@code sort("site", "timestamp")}.
     *
     * @throws io.github.usmartkit.error.BadRequestException if no column or an empty name is given
     */
    RowQuery sort(String... columns);

    /**
     * Only these columns ({@code select(a,b)}; the service adds {@code usmart_id}), replacing any
     * selection given before.
     *
     * @throws io.github.usmartkit.error.BadRequestException if no column or an empty name is given
     */
    RowQuery select(String... columns);

    /**
     * A given revision ({@code "latest"} or a number) instead of the latest.
     *
     * @throws io.github.usmartkit.error.BadRequestException if it is neither
     */
    RowQuery revision(String revision);

    /**
     * A given published revision (1, 2, …) instead of the latest: {@code …/3/urql}.
     *
     * @throws io.github.usmartkit.error.BadRequestException if it is below 1
     */
    RowQuery revision(int revision);

    /**
     * URQL terms the builder does not offer, sent as written after the builder's own (joined with
     * {@code &}): {@code urql("withinBoundingBox(geom,(-3.3,-3.1,55.9,56.0))")}. Characters a URL
     * cannot hold raw (spaces, {@code |}, {@code "}, non-ASCII) are percent-encoded; everything else,
     * {@code %} escapes included, goes as given ({@link Urql#encode} and {@link Urql#value} write
     * names and values). Replaces raw terms given before.
     *
     * @throws io.github.usmartkit.error.BadRequestException if the terms are empty, hold a broken {@code %} escape, or
     *                                                     repeat {@code limit}, {@code sort}, {@code select} or
     *                                                     {@code format} (use the methods: the service takes each once)
     */
    RowQuery urql(String rawTerms);

    /** The URL this query GETs (no credentials in it). */
    String url();

    /**
     * The rows as JSON (an array of objects), read from the answer as it streams in.
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or revision, or it never completed processing
     * @throws io.github.usmartkit.error.BadRequestException if the service refuses the query
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a JSON array of rows
     */
    JsonNode json();

    /**
     * The rows as a Tablesaw table named after the container and the filters (e.g. {@code e5a7… where
     * site = North Park and no2 > 40}, which charts turn into their title), typed as the class
     * comment says, built as the answer streams in (no copy of the whole answer is held): the same
     * call and exceptions as {@link #json()}. When filters match no row, the empty table still has
     * the rows' columns and types (taken from one unfiltered row, a second read made only then), so
     * {@code table.column("no2")} works on it, and a filter on a column the rows lack shows as such.
     */
    Table table();

    /**
     * The rows as CSV text ({@code &format(csv)}).
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or it never completed processing
     * @throws io.github.usmartkit.error.BadRequestException if the service refuses the query
     */
    String csv();

    /**
     * Operations over every row the filters keep, as one row:
     * {@code aggregate(avg("no2"), max("pm10")).table()}. No call until it is read.
     *
     * @throws io.github.usmartkit.error.BadRequestException if no operation or a null one is given
     */
    AggregateQuery aggregate(Metric... metrics);

    /**
     * Operations per group: {@code aggregate(by("site"), avg("no2"), max("pm10")).table()} has one
     * row per site. No call until it is read.
     *
     * @throws io.github.usmartkit.error.BadRequestException if the group is null, or no operation or a null one is given
     */
    AggregateQuery aggregate(Group groups, Metric... metrics);

    /**
     * Operations per time bucket of a timestamp column, every bucket from the first to the last
     * (empty ones too): {@code histogram("timestamp", DAY, avg("no2")).table()}. No call until it is read.
     *
     * @throws io.github.usmartkit.error.BadRequestException if the field is empty, the interval null, or no operation given
     */
    AggregateQuery histogram(String field, Interval interval, Metric... metrics);

    /**
     * value_count, sum, avg, min and max of a number column over the rows the filters keep, as a
     * one-row table ({@code stats(p)}): one call.
     *
     * @throws io.github.usmartkit.error.BadRequestException if the column name is empty, or the service refuses it
     *                                                     (not a number column)
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or revision
     */
    Table stats(String column);
}

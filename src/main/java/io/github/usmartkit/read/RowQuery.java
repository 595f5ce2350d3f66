package io.github.usmartkit.read;

import io.github.usmartkit.internal.read.RowsTable;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.internal.http.Transport;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A read of a pipeline's published rows through the URQL read API, immutable: each method
 * returns a new query. {@code usmart.read(rc).where("site", "Leith").limit(500).table()};
 * {@code all()} asks for every row ({@code limit(-1)}, streamed by the service).
 * Calls {@code GET {readUrl}/org/{org}/{rc}/{latest|revision}/urql?…}, retried when safe.
 */
public final class RowQuery {

    /** Rows asked for when no limit is given (the service's own default is 100 too). */
    public static final int DEFAULT_LIMIT = 100;

    private static final Pattern GUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern REVISION = Pattern.compile("latest|[0-9]+");

    private final Transport transport;
    private final String resourceContainerGuid;
    private final String revision;
    private final int limit;
    private final int offset;
    private final Map<String, String> filters;

    /**
     * A query for the first {@value #DEFAULT_LIMIT} rows of the latest publication; makes no call.
     *
     * @throws BadRequestException if the GUID is malformed
     */
    public RowQuery(Transport transport, String resourceContainerGuid) {
        this(transport, checkGuid(resourceContainerGuid), "latest", DEFAULT_LIMIT, 0, Map.of());
    }

    private RowQuery(Transport transport, String rc, String revision, int limit, int offset, Map<String, String> filters) {
        this.transport = transport;
        this.resourceContainerGuid = rc;
        this.revision = revision;
        this.limit = limit;
        this.offset = offset;
        this.filters = Map.copyOf(filters);
    }

    private static String checkGuid(String rc) {
        if (rc == null || !GUID.matcher(rc).matches()) {
            Failure f = Failure.of("urql", rc);
            throw new BadRequestException(f.describe("'" + rc + "' is not a resource container GUID",
                    "Use a pipeline's resourceContainerGUID, as dataset(guid).pipelines() lists them"), f, null);
        }
        return rc;
    }

    /** At most {@code n} rows; {@code -1} for every row. */
    public RowQuery limit(int n) {
        if (n < -1 || n == 0) {
            Failure f = Failure.of("urql", resourceContainerGuid);
            throw new BadRequestException(f.describe("limit " + n + " is not allowed",
                    "Give a positive number of rows, or -1 (or all()) for every row"), f, null);
        }
        return new RowQuery(transport, resourceContainerGuid, revision, n, offset, filters);
    }

    /** Skip the first {@code n} rows. */
    public RowQuery offset(int n) {
        if (n < 0) {
            Failure f = Failure.of("urql", resourceContainerGuid);
            throw new BadRequestException(f.describe("offset " + n + " is negative", "Give 0 or more"), f, null);
        }
        return new RowQuery(transport, resourceContainerGuid, revision, limit, n, filters);
    }

    /** Every row ({@code limit(-1)}): no 10,000-row paging limit. */
    public RowQuery all() {
        return new RowQuery(transport, resourceContainerGuid, revision, -1, 0, filters);
    }

    /** Only rows whose {@code column} equals {@code value}. */
    public RowQuery where(String column, Object value) {
        if (column == null || column.isBlank()) {
            Failure f = Failure.of("urql", resourceContainerGuid);
            throw new BadRequestException(f.describe("the filter's column name is empty", "Name a column of the rows"), f, null);
        }
        Map<String, String> m = new LinkedHashMap<>(filters);
        m.put(column, String.valueOf(value));
        return new RowQuery(transport, resourceContainerGuid, revision, limit, offset, m);
    }

    /** A given revision ({@code "latest"} or a number) instead of the latest. */
    public RowQuery revision(String rev) {
        if (rev == null || !REVISION.matcher(rev).matches()) {
            Failure f = Failure.of("urql", resourceContainerGuid);
            throw new BadRequestException(f.describe("revision '" + rev + "' is not 'latest' or a number",
                    "Use \"latest\" or a revision number"), f, null);
        }
        return new RowQuery(transport, resourceContainerGuid, rev, limit, offset, filters);
    }

    /** The URL this query GETs (no credentials in it). */
    public String url() {
        StringBuilder q = new StringBuilder();
        if (limit == -1) {
            q.append("limit(-1)");
        } else if (offset > 0) {
            q.append("limit(").append(limit).append(',').append(offset).append(')');
        } else {
            q.append("limit(").append(limit).append(')');
        }
        filters.forEach((k, v) -> q.append('&').append(enc(k)).append('=').append(enc(v)));
        return transport.readUrl() + "/org/" + transport.org() + "/" + resourceContainerGuid + "/" + revision + "/urql?" + q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The rows as JSON (an array of objects): {@code GET} {@link #url()}, retried when it fails transiently.
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or it never completed processing
     * @throws BadRequestException if the service refuses the query (an unknown filter column, paging past 10,000 rows)
     * @throws ServiceException if the answer is not a JSON array of rows
     */
    public JsonNode json() {
        String body = transport.get("urql", resourceContainerGuid, url(), true);
        try {
            JsonNode n = Transport.JSON.readTree(body);
            if (n != null && n.isObject() && n.has("result")) {
                n = n.get("result"); // tolerate an envelope
            }
            if (n == null || !n.isArray()) {
                throw new IOException("not a JSON array");
            }
            return n;
        } catch (IOException e) {
            Failure f = new Failure("urql", resourceContainerGuid, 200, null,
                    "answer is not a JSON array of rows: " + Redaction.excerpt(body, 160));
            throw new ServiceException(f.describe("the read API answered something other than rows",
                    "Check USMART_READ_URL (" + transport.readUrl() + ") points at the uSmart read API"), f, e);
        }
    }

    /**
     * The rows as a Tablesaw table named after the container and the filters (e.g. {@code e5a7… where
     * site = North Park}, which charts turn into their title): the same call and exceptions as {@link #json()}.
     */
    public Table table() {
        return RowsTable.of(resourceContainerGuid + (filters.isEmpty() ? "" : " where " + filters.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).collect(java.util.stream.Collectors.joining(" and "))), json());
    }

    /**
     * The rows as CSV text: {@code GET} {@link #url()} with {@code &format(csv)}.
     *
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or it never completed processing
     * @throws BadRequestException if the service refuses the query
     */
    public String csv() {
        return transport.get("urql", resourceContainerGuid, url() + "&format(csv)", true);
    }

    @Override
    public String toString() {
        return "RowQuery[" + url() + "]";
    }
}

package io.github.usmartkit.internal.read;

import io.github.usmartkit.read.RowQuery;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.internal.json.Json;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@link RowQuery} of the URQL read API: {@code GET {readUrl}/org/{org}/{rc}/{latest|revision}/urql?…},
 * retried when safe. Immutable.
 */
public final class UrqlQuery implements RowQuery {

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
    public UrqlQuery(Transport transport, String resourceContainerGuid) {
        this(transport, resourceContainerGuid, "latest", DEFAULT_LIMIT, 0, Map.of());
    }

    private UrqlQuery(Transport transport, String rc, String revision, int limit, int offset, Map<String, String> filters) {
        this.transport = transport;
        this.resourceContainerGuid = rc;
        this.revision = revision;
        this.limit = limit;
        this.offset = offset;
        this.filters = Map.copyOf(filters);
    }


    @Override
    public RowQuery limit(int n) {
        if (n < -1 || n == 0) {
            throw new BadRequestException(Failure.of("urql", resourceContainerGuid, "limit " + n + " is not allowed", "Give a positive number of rows, or -1 (or all()) for every row"));
        }
        return new UrqlQuery(transport, resourceContainerGuid, revision, n, offset, filters);
    }

    @Override
    public RowQuery offset(int n) {
        if (n < 0) {
            throw new BadRequestException(Failure.of("urql", resourceContainerGuid, "offset " + n + " is negative", "Give 0 or more"));
        }
        return new UrqlQuery(transport, resourceContainerGuid, revision, limit, n, filters);
    }

    @Override
    public RowQuery all() {
        return new UrqlQuery(transport, resourceContainerGuid, revision, -1, 0, filters);
    }

    @Override
    public RowQuery where(String column, Object value) {
        if (column == null || column.isBlank()) {
            throw new BadRequestException(Failure.of("urql", resourceContainerGuid, "the filter's column name is empty", "Name a column of the rows"));
        }
        Map<String, String> m = new LinkedHashMap<>(filters);
        m.put(column, String.valueOf(value));
        return new UrqlQuery(transport, resourceContainerGuid, revision, limit, offset, m);
    }

    @Override
    public RowQuery revision(String rev) {
        if (rev == null || !REVISION.matcher(rev).matches()) {
            throw new BadRequestException(Failure.of("urql", resourceContainerGuid, "revision '" + rev + "' is not 'latest' or a number", "Use \"latest\" or a revision number"));
        }
        return new UrqlQuery(transport, resourceContainerGuid, rev, limit, offset, filters);
    }

    @Override
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
        return transport.endpoints().urql(resourceContainerGuid, revision, q.toString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public JsonNode json() {
        String body = transport.get(Action.URQL, resourceContainerGuid, url());
        try {
            JsonNode n = Json.tree(body);
            if (n != null && n.isObject() && n.has("result")) {
                n = n.get("result"); // tolerate an envelope
            }
            if (n == null || !n.isArray()) {
                throw new IOException("not a JSON array");
            }
            return n;
        } catch (IOException e) {
            throw new ServiceException(Failure.of("urql", resourceContainerGuid, "the read API answered something other than rows", "Check USMART_READ_URL (" + transport.endpoints().readUrl() + ") points at the uSmart read API").withStatus(200).withService(null, "answer is not a JSON array of rows: " + Redaction.excerpt(body, 160)), e);
        }
    }

    @Override
    public Table table() {
        return RowsTable.of(resourceContainerGuid + (filters.isEmpty() ? "" : " where " + filters.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).collect(java.util.stream.Collectors.joining(" and "))), json());
    }

    @Override
    public String csv() {
        return transport.get(Action.URQL, resourceContainerGuid, url() + "&format(csv)");
    }

    @Override
    public String toString() {
        return "RowQuery[" + url() + "]";
    }
}

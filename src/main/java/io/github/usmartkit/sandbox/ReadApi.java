package io.github.usmartkit.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read API ({@code GET /org/{org}/{resourceGUID}/{latest|n}/urql?…}) and the file download
 * ({@code GET /org/{org}/resource?resourceGUID=…}). Rows are read from the published CSV on every
 * request and streamed out, so {@code limit(-1)} never holds the table in memory.
 */
final class ReadApi {
    static final int PAGING_CAP = 10_000;
    static final int DEFAULT_LIMIT = 100;
    private static final Pattern LIMIT = Pattern.compile("limit\\(\\s*(-?\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    private static final Pattern FORMAT = Pattern.compile("format\\((\\w+)\\)");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d{0,17})(\\.\\d+)?([eE][+-]?\\d+)?");

    private final SandboxServer server;

    ReadApi(SandboxServer server) {
        this.server = server;
    }

    private record Target(State.Publication publication, String visibility) { }

    /** Finds the container's publication and checks access: private data needs a member's key. */
    private Target target(HttpExchange ex, String org, String guid, String revision) {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET");
            throw new ApiError(405, "MethodNotAllowed", ex.getRequestMethod() + " is not allowed on the read API; use GET");
        }
        server.requireOrg(org);
        State.User user = server.authenticate(ex, org, false);
        return server.store.read(s -> {
            Pipelines.Located at = Pipelines.locate(s, org, guid);
            State.Container c = at.container();
            State.Dataset d = at.dataset();
            if (d.visibility.equals("private") && user == null) {
                throw new ApiError(401, "Unauthorized", "resource " + guid + " belongs to a private dataset; send the api-key-id and api-key-secret headers of a member of organisation " + org);
            }
            if (c.publications.isEmpty()) {
                throw ApiError.notFound("resource " + guid + " is not yet processed (status " + c.status
                        + "); call resourceContainer:process and wait until dataset:view shows it complete");
            }
            State.Publication p;
            if (revision.equals("latest")) {
                p = c.latest();
            } else {
                int n;
                try {
                    n = Integer.parseInt(revision);
                } catch (NumberFormatException e) {
                    throw ApiError.validation("revision '" + revision + "' must be 'latest' or a number");
                }
                p = c.publications.stream().filter(x -> x.number == n).findFirst()
                        .orElseThrow(() -> ApiError.notFound("resource " + guid + " has no revision " + n + "; the latest is " + c.latest().number));
            }
            return new Target(p, d.visibility);
        });
    }

    void urql(HttpExchange ex, String org, String guid, String revision) throws IOException {
        server.injectFault(ex, "urql");
        long limit = DEFAULT_LIMIT;
        long offset = 0;
        boolean csvOut = false;
        Map<String, String> filters = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                String term = Exchanges.decode(part);
                Matcher m;
                if ((m = LIMIT.matcher(term)).matches()) {
                    limit = Long.parseLong(m.group(1));
                    offset = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
                    if (limit < -1 || limit == 0) {
                        throw ApiError.validation("limit(" + limit + ") must be a positive number of rows, or -1 for every row");
                    }
                } else if ((m = FORMAT.matcher(term)).matches()) {
                    if (!m.group(1).equals("csv") && !m.group(1).equals("json")) {
                        throw ApiError.validation("format(" + m.group(1) + ") is not supported; use format(csv) or leave it out for JSON");
                    }
                    csvOut = m.group(1).equals("csv");
                } else if (part.indexOf('=') > 0) {
                    int eq = part.indexOf('=');
                    filters.put(Exchanges.decode(part.substring(0, eq)), Exchanges.decodeForm(part.substring(eq + 1)));
                } else {
                    throw ApiError.validation("URQL term '" + term + "' is not understood; use limit(n,offset), limit(-1), format(csv) or column=value");
                }
            }
        }
        if (limit != -1 && offset + limit > PAGING_CAP) {
            throw ApiError.validation("paging stops at 10,000 rows (offset " + offset + " + limit " + limit + "); use limit(-1) to stream every row");
        }
        Target t = target(ex, org, guid, revision);
        stream(ex, t.publication(), limit, offset, csvOut, filters);
    }

    private void stream(HttpExchange ex, State.Publication p, long limit, long offset, boolean csvOut,
                        Map<String, String> filters) throws IOException {
        try (InputStream raw = Files.newInputStream(server.store.blobPath(p.blob));
             BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16)) {
            CsvReader csv = new CsvReader(reader);
            List<String> header = csv.next();
            if (header == null) {
                header = List.of();
            }
            CsvReader.dropBom(header);
            for (String column : filters.keySet()) {
                if (!header.contains(column)) {
                    throw ApiError.validation("no column '" + column + "' to filter on; the columns are " + header);
                }
            }
            int[] filterIdx = filters.keySet().stream().mapToInt(header::indexOf).toArray();
            String[] filterVal = filters.values().toArray(String[]::new);

            ex.getResponseHeaders().set("Content-Type", csvOut ? "text/csv; charset=utf-8" : "application/json");
            ex.sendResponseHeaders(200, 0);
            OutputStream os = ex.getResponseBody();
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            JsonGenerator g = null;
            if (csvOut) {
                writeCsvRow(w, header);
            } else {
                g = Json.MAPPER.getFactory().createGenerator(w);
                g.writeStartArray();
            }
            long matched = 0;
            long written = 0;
            long rowNumber = 0;
            List<String> row;
            while ((row = csv.next()) != null && (limit == -1 || written < limit)) {
                if (CsvReader.blank(row)) {
                    continue;
                }
                rowNumber++;
                if (!matches(row, filterIdx, filterVal)) {
                    continue;
                }
                if (matched++ < offset) {
                    continue;
                }
                written++;
                if (csvOut) {
                    writeCsvRow(w, row);
                } else {
                    g.writeStartObject();
                    g.writeStringField("usmart_id", String.valueOf(rowNumber));
                    for (int i = 0; i < header.size(); i++) {
                        g.writeFieldName(header.get(i));
                        writeCell(g, i < row.size() ? row.get(i) : null);
                    }
                    g.writeEndObject();
                }
            }
            if (g != null) {
                g.writeEndArray();
                g.flush();
            }
            w.flush();
            os.close();
        }
    }

    private static boolean matches(List<String> row, int[] idx, String[] val) {
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] >= row.size() || !row.get(idx[i]).equals(val[i])) {
                return false;
            }
        }
        return true;
    }

    /** Numbers as numbers, empty cells as null, everything else as strings (A: real uSmart may type them by schema). */
    private static void writeCell(JsonGenerator g, String cell) throws IOException {
        if (cell == null || cell.isEmpty()) {
            g.writeNull();
        } else if (NUMBER.matcher(cell).matches()) {
            if (cell.indexOf('.') < 0 && cell.indexOf('e') < 0 && cell.indexOf('E') < 0) {
                g.writeNumber(Long.parseLong(cell));
            } else {
                g.writeNumber(new BigDecimal(cell));
            }
        } else {
            g.writeString(cell);
        }
    }

    private static void writeCsvRow(Writer w, List<String> row) throws IOException {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String v = row.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                w.write('"');
                w.write(v.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(v);
            }
        }
        w.write("\r\n");
    }

    void download(HttpExchange ex, String org) throws IOException {
        server.injectFault(ex, "resource");
        String guid = Exchanges.params(ex.getRequestURI().getRawQuery()).get("resourceGUID");
        if (guid == null || guid.isBlank()) {
            throw ApiError.validation("query parameter 'resourceGUID' is missing: /org/{org}/resource?resourceGUID={resourceContainerGUID}");
        }
        Target t = target(ex, org, guid, "latest");
        ex.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + guid + ".csv\"");
        ex.sendResponseHeaders(200, t.publication().bytes);
        try (OutputStream os = ex.getResponseBody()) {
            Files.copy(server.store.blobPath(t.publication().blob), os);
        }
    }

}

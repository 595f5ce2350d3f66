package io.github.usmartkit.sandbox;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.usmartkit.sandbox.PublishedRows.Row;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The read API ({@code GET /org/{org}/{resourceContainerGUID}/{latest|n}/urql?…}, URQL as
 * {@link UrqlParser} and {@link UrqlCompiler} read it) and the file download
 * ({@code GET /org/{org}/resource?resourceGUID={fileGUID}}).
 *
 * <p>What a read holds in memory: for a plain or filtered read nothing but the row being written
 * (rows are read from the published CSV and streamed out one by one, so {@code limit(-1)} of
 * any size runs in constant memory); with {@code sort(…)} or a ranking {@code match(…)} the
 * matching rows — only the best {@code offset + n} of them for a page ({@code n + offset} is at
 * most 10,000), all of them for {@code limit(-1)}; with an aggregation one accumulator per bucket.
 */
final class ReadApi {
    private static final SerializableString USMART_ID = new SerializedString(Schema.USMART_ID);

    private final SandboxServer server;

    ReadApi(SandboxServer server) {
        this.server = server;
    }

    /** What a read reads: the publication's bytes, columns and the container it belongs to. */
    private record Target(Path blob, int number, List<State.Column> schema, String containerGUID) { }

    private static void allowGet(HttpExchange ex, String what) {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET");
            throw new ApiError(405, "MethodNotAllowed", ex.getRequestMethod() + " is not allowed on " + what + "; use GET");
        }
    }

    /** Finds the container's publication and checks access: private data needs a member's key. */
    private Target target(HttpExchange ex, String org, String guid, String revision) {
        server.requireOrg(org);
        State.User user = server.authenticate(ex, org, false);
        return server.store.read(s -> {
            Pipelines.Located at = Pipelines.locate(s, org, guid);
            State.Container c = at.container();
            if (at.dataset().visibility.equals("private") && user == null) {
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
            // a publication never changes once made: its fields may be read after the lock
            return new Target(server.store.blobPath(p.blob), p.number, p.schema, c.guid);
        });
    }

    void urql(HttpExchange ex, String org, String guid, String revision) throws IOException {
        server.injectFault(ex, "urql");
        allowGet(ex, "the read API");
        String raw = ex.getRequestURI().getRawQuery();
        UrqlParser.Items parsed = UrqlParser.parse(raw);
        Target t = target(ex, org, guid, revision);
        Schema schema = Schema.of(t.schema());
        UrqlQuery q = UrqlCompiler.compile(raw, parsed, schema, System.currentTimeMillis());
        RowIds ids = new RowIds(t.containerGUID(), t.number());
        if (q.aggregation != null) {
            aggregate(ex, t, schema, ids, q);
        } else {
            rows(ex, t, schema, ids, q);
        }
    }

    private void aggregate(HttpExchange ex, Target t, Schema schema, RowIds ids, UrqlQuery q) throws IOException {
        try (PublishedRows rows = new PublishedRows(t.blob(), schema, ids)) {
            Row r;
            while ((r = rows.next()) != null) {
                if (q.filter.test(r)) {
                    q.aggregation.accept(r);
                }
            }
        }
        JsonNode result = q.aggregation.result();
        byte[] body = Json.MAPPER.writer(new RowsLayout()).writeValueAsBytes(result);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, body.length + 1L);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
            os.write('\n');
        }
    }

    private void rows(HttpExchange ex, Target t, Schema schema, RowIds ids, UrqlQuery q) throws IOException {
        try (PublishedRows rows = new PublishedRows(t.blob(), schema, ids)) {
            ex.getResponseHeaders().set("Content-Type", q.csv ? "text/csv; charset=utf-8" : "application/json");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            List<Row> ordered = q.ordering == null ? null : ordered(rows, q);
            ex.sendResponseHeaders(200, 0);
            try (RowWriter out = q.csv ? new CsvRows(ex.getResponseBody(), schema, q.selected)
                    : new JsonRows(ex.getResponseBody(), schema, q.selected)) {
                if (ordered != null) {
                    for (int k = (int) Math.min(q.offset, ordered.size()); k < ordered.size(); k++) {
                        out.row(ordered.get(k));
                    }
                    return;
                }
                long matched = 0;
                long written = 0;
                Row r;
                while ((q.limit == -1 || written < q.limit) && (r = rows.next()) != null) {
                    if (!q.filter.test(r) || matched++ < q.offset) {
                        continue;
                    }
                    out.row(r);
                    written++;
                }
            }
        }
    }

    /**
     * The matching rows in the query's order, up to {@code offset + limit} of them (a bounded
     * heap keeps only the best of those while reading); every matching row for {@code limit(-1)}.
     */
    private static List<Row> ordered(PublishedRows rows, UrqlQuery q) throws IOException {
        Comparator<Row> order = q.ordering.comparator();
        long keep = q.limit == -1 ? Long.MAX_VALUE : q.offset + q.limit;
        PriorityQueue<Row> best = keep == Long.MAX_VALUE ? null : new PriorityQueue<>(order.reversed());
        List<Row> all = best == null ? new ArrayList<>() : null;
        Row r;
        while ((r = rows.next()) != null) {
            if (!q.filter.test(r)) {
                continue;
            }
            for (UrqlQuery.Match m : q.ranking) {
                r.score += m.score(r);
            }
            q.ordering.prepare(r);
            if (best == null) {
                all.add(r);
            } else if (best.size() < keep) {
                best.add(r);
            } else if (order.compare(r, best.peek()) < 0) {
                best.poll();
                best.add(r);
            }
        }
        List<Row> out = best == null ? all : new ArrayList<>(best);
        out.sort(order);
        return out;
    }

    /** Writes answered rows. */
    private interface RowWriter extends AutoCloseable {
        void row(Row r) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** The columns a query answers, in schema order; a real column named usmart_id gives way to the row id. */
    private static int[] answered(Schema schema, boolean[] selected) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if ((selected == null || selected[i]) && !schema.name(i).equals(Schema.USMART_ID)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A JSON array of row objects, typed by the schema (numbers written as they were published),
     * {@code usmart_id} last and one row a line, as uSmart answers ({@code [\n{…},\n{…}\n]\n}).
     */
    private static final class JsonRows implements RowWriter {
        private final JsonGenerator g;
        private final int[] columns;
        private final Schema.Type[] types;
        private final SerializableString[] names;
        private final char[] id = new char[RowIds.LENGTH];

        JsonRows(OutputStream os, Schema schema, boolean[] selected) throws IOException {
            columns = answered(schema, selected);
            types = new Schema.Type[columns.length];
            names = new SerializableString[columns.length];
            for (int k = 0; k < columns.length; k++) {
                types[k] = schema.type(columns[k]);
                names[k] = new SerializedString(schema.name(columns[k]));
            }
            g = Json.MAPPER.getFactory().createGenerator(os, JsonEncoding.UTF8);
            g.setPrettyPrinter(new RowsLayout());
            g.writeStartArray();
        }

        @Override
        public void row(Row r) throws IOException {
            g.writeStartObject();
            for (int k = 0; k < columns.length; k++) {
                g.writeFieldName(names[k]);
                String cell = r.cell(columns[k]);
                if (cell.isEmpty()) {
                    g.writeNull();
                } else if (types[k] == Schema.Type.NUMBER) {
                    g.writeNumber(cell); // checked at processing to be a JSON number: written as published
                } else {
                    g.writeString(cell);
                }
            }
            g.writeFieldName(USMART_ID);
            r.writeId(id);
            g.writeString(id, 0, id.length);
            g.writeEndObject();
        }

        @Override
        public void close() throws IOException {
            g.writeEndArray();
            g.writeRaw('\n');
            g.close();
        }
    }

    /** {@code format(csv)}: the answered columns' header, then the cells as published (A: no usmart_id column). */
    private static final class CsvRows implements RowWriter {
        private final Writer w;
        private final int[] columns;

        CsvRows(OutputStream os, Schema schema, boolean[] selected) throws IOException {
            w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            columns = answered(schema, selected);
            for (int k = 0; k < columns.length; k++) {
                cell(k, schema.name(columns[k]));
            }
            w.write("\r\n");
        }

        @Override
        public void row(Row r) throws IOException {
            for (int k = 0; k < columns.length; k++) {
                cell(k, r.cell(columns[k]));
            }
            w.write("\r\n");
        }

        private void cell(int k, String v) throws IOException {
            if (k > 0) {
                w.write(',');
            }
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                w.write('"');
                w.write(v.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(v);
            }
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    /** Compact JSON, except that a top-level array has one element a line. */
    private static final class RowsLayout extends MinimalPrettyPrinter {
        private int depth;

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            depth++;
            g.writeRaw('[');
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (depth == 1) {
                g.writeRaw('\n');
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(depth == 1 ? ",\n" : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            g.writeRaw(depth == 1 && nrOfValues > 0 ? "\n]" : "]");
            depth--;
        }
    }

    /**
     * {@code GET /org/{org}/resource?resourceGUID={fileGUID}}: the file's current bytes with its
     * content type, as uploaded (not what a pipeline made of them).
     */
    void download(HttpExchange ex, String org) throws IOException {
        server.injectFault(ex, "resource");
        String guid = Exchanges.params(ex.getRequestURI().getRawQuery()).get("resourceGUID");
        if (guid == null || guid.isBlank()) {
            throw ApiError.validation("query parameter 'resourceGUID' is missing: /org/{org}/resource?resourceGUID={fileGUID}");
        }
        allowGet(ex, "a file download");
        server.requireOrg(org);
        State.User user = server.authenticate(ex, org, false);
        record Download(Path blob, long size, String contentType, String fileName) { }
        Download d = server.store.read(s -> {
            for (State.Dataset ds : s.orgs.get(org).datasets.values()) {
                for (State.FileRec f : ds.files) {
                    if (f.fileGUID.equals(guid)) {
                        if (ds.visibility.equals("private") && user == null) {
                            throw new ApiError(401, "Unauthorized", "file " + guid + " belongs to a private dataset; send the api-key-id and api-key-secret headers of a member of organisation " + org);
                        }
                        return new Download(server.store.blobPath(f.blob), f.fileSize, f.contentType, f.fileName);
                    }
                }
                for (State.Container c : ds.containers) {
                    if (c.guid.equals(guid)) {
                        throw ApiError.notFound(guid + " is a resource container, not a file; the download takes the file's GUID ("
                                + c.fileGUID + " for this one; dataset:view lists each fileGUID)");
                    }
                }
            }
            throw ApiError.notFound("no file " + guid + " in organisation " + org + "; dataset:view lists each fileGUID");
        });
        ex.getResponseHeaders().set("Content-Type", d.contentType());
        ex.getResponseHeaders().set("Content-Disposition", contentDisposition(d.fileName()));
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(d.size()));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, d.size() == 0 ? -1 : d.size());
        try (OutputStream os = ex.getResponseBody()) {
            Files.copy(d.blob(), os);
        }
    }

    /** {@code attachment} with the file's base name: plain ASCII in {@code filename}, exact in {@code filename*}. */
    private static String contentDisposition(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        StringBuilder ascii = new StringBuilder();
        for (char c : base.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(base, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

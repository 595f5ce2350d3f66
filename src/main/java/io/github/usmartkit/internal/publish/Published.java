package io.github.usmartkit.internal.publish;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.model.PipelineInfo;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the public sees of a pipeline, read through the read API (URQL): its columns and their
 * kinds from a few rows, or every row counted while streaming. Columns are the keys of the row
 * objects less {@code usmart_id}; with no rows, the header of {@code format(csv)}.
 */
public final class Published {

    /** The read API's own row id, not a column of the file. */
    static final String ROW_ID = "usmart_id";
    private static final int SAMPLE = 20;
    private static final CsvFactory CSV = CsvFactory.builder().build();

    private final Transport transport;

    public Published(Transport transport) {
        this.transport = transport;
    }

    /**
     * The pipelines fed by {@code fileGuid}: those naming it, and, in a dataset of one file, those
     * naming none (the service may not say which file a pipeline publishes: assumption).
     */
    public static List<PipelineInfo> fedBy(DatasetView view, String fileGuid) {
        boolean onlyFile = view.files().size() == 1 && fileGuid.equals(view.files().get(0).fileGuid());
        return view.pipelines().stream()
                .filter(p -> fileGuid.equals(p.fileGuid()) || (p.fileGuid() == null && onlyFile))
                .toList();
    }

    /**
     * A sample of the published rows.
     *
     * @param columns the published columns, in order
     * @param numeric those whose sampled values are all numbers (at least one)
     */
    public record Sample(List<String> columns, Set<String> numeric) {
    }

    /**
     * The columns of the latest publication (a few rows; the CSV header when it has none).
     *
     * @throws io.github.usmartkit.error.NotFoundException if the pipeline has published nothing yet
     */
    public Sample sample(String rc) {
        JsonNode rows = rows(rc, "limit(" + SAMPLE + ")");
        Set<String> columns = new LinkedHashSet<>();
        Set<String> numbers = new LinkedHashSet<>();
        Set<String> text = new LinkedHashSet<>();
        for (JsonNode r : rows) {
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.equals(ROW_ID)) {
                    continue;
                }
                columns.add(k);
                JsonNode v = r.get(k);
                if (v.isNumber()) {
                    numbers.add(k);
                } else if (!v.isNull()) {
                    text.add(k);
                }
            }
        }
        if (columns.isEmpty()) {
            return new Sample(csvHeader(rc), Set.of());
        }
        numbers.removeAll(text);
        return new Sample(List.copyOf(columns), numbers);
    }

    private JsonNode rows(String rc, String query) {
        String body = transport.get(Action.URQL, rc, transport.endpoints().urql(rc, "latest", query));
        try {
            JsonNode n = Json.tree(body);
            if (n != null && n.isObject() && n.has("result")) {
                n = n.get("result");
            }
            if (n != null && n.isArray()) {
                return n;
            }
        } catch (IOException e) {
            // reported below
        }
        throw notRows(rc, body);
    }

    private List<String> csvHeader(String rc) {
        String body = transport.get(Action.URQL, rc, transport.endpoints().urql(rc, "latest", "limit(1)&format(csv)"));
        List<String> header = new ArrayList<>();
        try (CsvParser p = CSV.createParser(new StringReader(body))) {
            if (p.nextToken() == JsonToken.START_ARRAY) {
                for (JsonToken t; (t = p.nextToken()) == JsonToken.VALUE_STRING; ) {
                    header.add(p.getText());
                }
            }
        } catch (IOException e) {
            throw notRows(rc, body);
        }
        return header.size() == 1 && header.get(0).isEmpty() ? List.of() : header;
    }

    /** Every published row counted while streaming (memory stays flat), and the first row's columns. */
    public record Count(long rows, List<String> columns) {
    }

    /**
     * Streams every row ({@code limit(-1)}) and counts them.
     *
     * @throws io.github.usmartkit.error.NotFoundException if the pipeline has published nothing yet
     * @throws ServiceException if the answer is not a JSON array of rows
     */
    public Count count(String rc) {
        String[] wrong = {null};
        Count c = transport.get(Action.URQL, rc, transport.endpoints().urql(rc, "latest", "limit(-1)"), (in, headers) -> {
            try (JsonParser p = Json.parser(in)) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) { // tolerate an envelope {"result": [...]}
                    for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                        String name = p.currentName();
                        t = p.nextToken();
                        if (name.equals("result")) {
                            break;
                        }
                        p.skipChildren();
                    }
                }
                if (t != JsonToken.START_ARRAY) {
                    wrong[0] = "an answer that is not a JSON array of rows";
                    return toTheEnd(in);
                }
                long rows = 0;
                List<String> columns = new ArrayList<>();
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    rows++;
                    if (rows == 1) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            if (!p.currentName().equals(ROW_ID)) {
                                columns.add(p.currentName());
                            }
                            p.nextToken();
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (t != JsonToken.END_ARRAY) {
                    wrong[0] = "a list holding something other than row objects";
                    return toTheEnd(in);
                }
                return new Count(rows, columns);
            }
        });
        if (c == null) {
            throw notRows(rc, wrong[0]);
        }
        return c.rows() == 0 ? new Count(0, csvHeader(rc)) : c;
    }

    /**
     * Reads on (at most {@value #DRAIN} bytes) past where the answer turned out not to be rows, and
     * returns null. An answer cut short reads as well-formed up to the cut (the sandbox's reset
     * fault sends the first third of {@code {"result": {"note": …}}}): read on, the cut shows as
     * the I/O failure it is, which the transport retries, instead of "not rows", which it does not.
     */
    private static Count toTheEnd(java.io.InputStream in) throws IOException {
        in.readNBytes(DRAIN);
        return null;
    }

    /** How much of an answer that is not rows is read to tell a whole answer from one cut short. */
    private static final int DRAIN = 1 << 20;

    private ServiceException notRows(String rc, String body) {
        return new ServiceException(Failure.of(Action.URQL.name(), rc, "the read API answered something other than rows",
                "Check USMART_READ_URL (" + transport.endpoints().readUrl() + ") points at the uSmart read API")
                .withStatus(200).withService(null, Redaction.excerpt(Redaction.clean(String.valueOf(body)), 160)));
    }
}

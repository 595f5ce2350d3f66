package io.github.usmartkit.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.catalog.CatalogDataset;
import io.github.usmartkit.catalog.Distribution;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a DCAT catalogue without a JSON-LD processor, in the shape uSmart serves (Project Open
 * Data v1.1 {@code data.json}: bare keys, no dataset {@code @id}, the GUID inside
 * {@code identifier}) and in the others met in practice: prefixed keys ({@code dcat:dataset}),
 * bare terms and full IRIs ({@code http://www.w3.org/ns/dcat#dataset}) — all reduced to their
 * local name, case-insensitively; a flattened {@code @graph} with {@code {"@id"}} references; one
 * value where an array is expected and the reverse; values as {@code {"@value"}} (English preferred
 * among language-tagged ones) or {@code {"@id"}}; {@code @type} as an array; {@code null}
 * anywhere, read as absent; any optional field missing.
 * <p>Each object is read in one pass over its fields: every key is resolved once per document to
 * the property it stands for, and its value put in that property's slot.
 */
public final class DcatReader {

    /** A catalogue larger than this is refused rather than read into memory. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    /** The properties the reader uses; every key of a document resolves to one (or to {@link #OTHER}). */
    private enum Key {
        ID, TYPE, VALUE, LANGUAGE, DATASET, DISTRIBUTION, TITLE, DESCRIPTION, IDENTIFIER, KEYWORD, THEME, ISSUED, MODIFIED,
        LANDING_PAGE, LICENCE, RIGHTS, PUBLISHER, CONTACT_POINT, STATUS, ACCESS_LEVEL, ACCRUAL, ACCESS_URL, DOWNLOAD_URL,
        MEDIA_TYPE, FORMAT, BYTE_SIZE, NAME, FN, LABEL, EMAIL, OTHER
    }

    private static final Key[] KEYS = Key.values();

    /** Local names (lower case) of each property, in the vocabularies catalogues use (DCAT, DCT, FOAF, vCard, POD). */
    private static final Map<String, Key> LOCAL_NAMES = new HashMap<>();

    static {
        local(Key.ID, "@id");
        local(Key.TYPE, "@type", "type");
        local(Key.VALUE, "@value");
        local(Key.LANGUAGE, "@language");
        local(Key.DATASET, "dataset");
        local(Key.DISTRIBUTION, "distribution");
        local(Key.TITLE, "title");
        local(Key.DESCRIPTION, "description");
        local(Key.IDENTIFIER, "identifier");
        local(Key.KEYWORD, "keyword");
        local(Key.THEME, "theme");
        local(Key.ISSUED, "issued");
        local(Key.MODIFIED, "modified");
        local(Key.LANDING_PAGE, "landingpage");
        local(Key.LICENCE, "licence", "license");
        local(Key.RIGHTS, "rights");
        local(Key.PUBLISHER, "publisher");
        local(Key.CONTACT_POINT, "contactpoint");
        local(Key.STATUS, "status");
        local(Key.ACCESS_LEVEL, "accesslevel");
        local(Key.ACCRUAL, "accrualperiodicity");
        local(Key.ACCESS_URL, "accessurl");
        local(Key.DOWNLOAD_URL, "downloadurl");
        local(Key.MEDIA_TYPE, "mediatype");
        local(Key.FORMAT, "format");
        local(Key.BYTE_SIZE, "bytesize");
        local(Key.NAME, "name");
        local(Key.FN, "fn");
        local(Key.LABEL, "label", "preflabel");
        local(Key.EMAIL, "email", "hasemail", "mbox");
    }

    private static void local(Key k, String... names) {
        for (String n : names) {
            LOCAL_NAMES.put(n, k);
        }
    }

    /** What each raw key of this document stands for (a document repeats few distinct keys many times). */
    private final Map<String, Key> keys = new HashMap<>();
    /** Top-level nodes (graph members) by {@code @id}, for references. */
    private final Map<String, JsonNode> byId = new HashMap<>();

    private DcatReader() {
    }

    /**
     * Parses catalogue text.
     *
     * @throws ServiceException if it is not JSON or holds no catalogue or dataset
     */
    public static Catalog read(String text) {
        JsonNode root;
        try {
            root = Json.tree(text == null ? "" : text);
        } catch (IOException e) {
            root = null;
        }
        return checked(root, text);
    }

    /**
     * Parses a catalogue as it streams in (at most {@link #MAX_BYTES}).
     *
     * @throws IOException if the stream fails or the catalogue is too large
     * @throws ServiceException if it is not JSON or holds no catalogue or dataset
     */
    public static Catalog read(InputStream in) throws IOException {
        Bounded b = new Bounded(in, MAX_BYTES);
        JsonNode root;
        try {
            root = Json.tree(b);
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            throw e; // cut short: the transport's to retry
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            root = null;
        }
        return checked(root, b.head());
    }

    /**
     * {@code GET url} through the transport (the keys go only to the session's own hosts; retried
     * as a GET is), the catalogue read as it streams in.
     *
     * @param guid the organisation the catalogue is of, for messages (or null)
     * @throws ServiceException if the answer is not a DCAT catalogue, or larger than {@link #MAX_BYTES}
     */
    public static Catalog fetch(Transport transport, String url, String guid) {
        // The transport takes any IOException of a body reader for a broken connection (and
        // retries): an answer that is not a catalogue comes back as a value instead.
        Object got = transport.get(Action.DCAT, guid, url, (in, headers) -> {
            try {
                return read(in);
            } catch (ServiceException e) {
                return e;
            } catch (TooLarge e) {
                return new ServiceException(Failure.of(Action.DCAT.name(), guid, e.getMessage(),
                        "Check the DCAT URL " + Redaction.withoutQuery(url) + " names a catalogue").withStatus(200));
            }
        });
        if (got instanceof ServiceException e) {
            throw new ServiceException(e.failure().about(Action.DCAT.name(), guid), e);
        }
        return (Catalog) got;
    }

    private static Catalog checked(JsonNode root, String text) {
        if (root == null || root.isMissingNode() || !(root.isObject() || root.isArray())) {
            throw new ServiceException(Failure.of("dcat", null, "the DCAT catalogue is not JSON", "Check the DCAT URL")
                    .withStatus(200).withService(null, "not JSON-LD: " + Redaction.excerpt(text, 160)));
        }
        return new DcatReader().parse(root);
    }

    /**
     * Parses an already-read JSON-LD document (no call is made).
     *
     * @throws ServiceException if it holds no catalogue or dataset
     */
    public static Catalog read(JsonNode root) {
        return new DcatReader().parse(root);
    }

    /** One object's properties, from one pass over its fields; a property given twice holds both values, as an array. */
    private final class Scan {
        final JsonNode node;
        final JsonNode[] slots = new JsonNode[KEYS.length];

        Scan(JsonNode node) {
            this.node = node;
            if (node == null || !node.isObject()) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    continue; // null anywhere is absent
                }
                int k = key(e.getKey()).ordinal();
                JsonNode before = slots[k];
                slots[k] = before == null ? v : merge(before, v);
            }
        }

        JsonNode get(Key k) {
            return slots[k.ordinal()];
        }

        boolean isA(String type) {
            for (JsonNode t : each(get(Key.TYPE))) {
                String s = t.isObject() ? t.path("@id").asText("") : t.asText("");
                if (localName(s).equalsIgnoreCase(type)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static JsonNode merge(JsonNode a, JsonNode b) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        for (JsonNode x : new JsonNode[] {a, b}) {
            if (x.isArray()) {
                all.addAll((ArrayNode) x);
            } else {
                all.add(x);
            }
        }
        return all;
    }

    private Key key(String raw) {
        Key k = keys.get(raw);
        if (k == null) {
            String local = localName(raw);
            k = LOCAL_NAMES.get(local);
            if (k == null) {
                k = LOCAL_NAMES.getOrDefault(local.toLowerCase(Locale.ROOT), Key.OTHER);
            }
            // "rdf:type" reads as type; a property named "type" in a vocabulary is type too
            keys.put(raw, k);
        }
        return k;
    }

    /** The local name of a key or IRI: after '#', the last '/', or a prefix ':'. */
    static String localName(String key) {
        if (key.startsWith("@")) {
            return key;
        }
        int i = Math.max(key.lastIndexOf('#'), key.lastIndexOf('/'));
        String s = i >= 0 ? key.substring(i + 1) : key;
        int c = s.lastIndexOf(':');
        return c >= 0 ? s.substring(c + 1) : s;
    }

    private Catalog parse(JsonNode root) {
        List<JsonNode> tops = new ArrayList<>();
        collect(root, tops);
        List<Scan> scans = new ArrayList<>(tops.size());
        for (JsonNode n : tops) {
            Scan s = new Scan(n);
            scans.add(s);
            String id = text(s.get(Key.ID));
            if (id != null && n.size() > 1) {
                byId.putIfAbsent(id, n);
            }
        }
        Scan catalog = null;
        for (Scan s : scans) {
            if (s.isA("catalog")) {
                catalog = s;
                break;
            }
        }
        if (catalog == null && root.isObject()) {
            Scan r = scans.isEmpty() || scans.get(0).node != root ? new Scan(root) : scans.get(0);
            if (r.get(Key.DATASET) != null) {
                catalog = r;
            }
        }
        List<JsonNode> datasetNodes = new ArrayList<>();
        if (catalog != null) {
            for (JsonNode v : each(catalog.get(Key.DATASET))) {
                datasetNodes.add(resolve(v));
            }
        }
        if (datasetNodes.isEmpty()) {
            for (Scan s : scans) {
                if (s.isA("dataset")) {
                    datasetNodes.add(s.node);
                }
            }
        }
        if (catalog == null && datasetNodes.isEmpty()) {
            throw new ServiceException(Failure.of("dcat", null, "the DCAT document holds no catalogue", "Check the DCAT URL")
                    .withStatus(200).withService(null, "no dcat:Catalog and no dcat:Dataset in: " + Redaction.excerpt(root.toString(), 160)));
        }
        List<CatalogDataset> datasets = new ArrayList<>(datasetNodes.size());
        for (JsonNode d : datasetNodes) {
            if (d.isObject()) {
                datasets.add(dataset(new Scan(d)));
            }
        }
        Scan c = catalog == null ? new Scan(root) : catalog;
        return new Catalog(idOf(c), text(c.get(Key.TITLE)), text(c.get(Key.DESCRIPTION)), name(c.get(Key.PUBLISHER)), datasets, root);
    }

    private CatalogDataset dataset(Scan d) {
        List<Distribution> dists = new ArrayList<>();
        for (JsonNode v : each(d.get(Key.DISTRIBUTION))) {
            JsonNode n = resolve(v);
            if (n.isObject()) {
                Scan s = new Scan(n);
                dists.add(new Distribution(text(s.get(Key.TITLE)), text(s.get(Key.ACCESS_URL)), text(s.get(Key.DOWNLOAD_URL)),
                        text(s.get(Key.MEDIA_TYPE)), text(s.get(Key.FORMAT)), number(text(s.get(Key.BYTE_SIZE)))));
            }
        }
        Scan contact = agent(d.get(Key.CONTACT_POINT));
        String licence = text(d.get(Key.LICENCE));
        return new CatalogDataset(idOf(d), text(d.get(Key.IDENTIFIER)), text(d.get(Key.TITLE)), text(d.get(Key.DESCRIPTION)),
                text(d.get(Key.STATUS)), text(d.get(Key.ACCESS_LEVEL)), texts(d.get(Key.KEYWORD)), texts(d.get(Key.THEME)),
                name(d.get(Key.PUBLISHER)), contact == null ? literalName(d.get(Key.CONTACT_POINT)) : nameOf(contact, true),
                contact == null ? null : email(contact), text(d.get(Key.ISSUED)), text(d.get(Key.MODIFIED)),
                text(d.get(Key.LANDING_PAGE)), licence != null ? licence : text(d.get(Key.RIGHTS)), text(d.get(Key.ACCRUAL)), dists);
    }

    private String idOf(Scan s) {
        JsonNode id = s.get(Key.ID);
        return id != null && id.isValueNode() ? blankToNull(id.asText()) : null;
    }

    /** Every object of the document's top level: the root, array members and {@code @graph} members. */
    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isArray()) {
            n.forEach(x -> collect(x, out));
        } else if (n.isObject()) {
            JsonNode graph = n.get("@graph");
            if (graph != null) {
                collect(graph, out);
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!k.equals("@graph") && !k.equals("@context") && !k.equals("@id")) {
                        out.add(n); // a catalogue described at the top with its members in @graph
                        break;
                    }
                }
            } else {
                out.add(n);
            }
        }
    }

    /** The values of a slot: an array's members, or the one value (none for null). */
    private static Iterable<JsonNode> each(JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        return v.isArray() ? v : List.of(v);
    }

    private JsonNode resolve(JsonNode v) {
        if (byId.isEmpty()) {
            return v;
        }
        if (v.isObject() && v.size() == 1 && v.has("@id")) {
            JsonNode n = byId.get(v.get("@id").asText());
            return n == null ? v : n;
        }
        if (v.isTextual()) {
            JsonNode n = byId.get(v.asText());
            return n == null ? v : n;
        }
        return v;
    }

    /** The first value as text: a literal, {@code @value}, the name of a referenced node, or an {@code @id}; English first. */
    private String text(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isValueNode()) {
            return blankToNull(v.asText());
        }
        List<String> all = texts(v);
        return all.isEmpty() ? null : all.get(0);
    }

    private List<String> texts(JsonNode v) {
        if (v == null) {
            return List.of();
        }
        if (v.isValueNode()) {
            String s = blankToNull(v.asText());
            return s == null ? List.of() : List.of(s);
        }
        List<String> out = new ArrayList<>();
        // prefer English when several language-tagged values are given
        for (JsonNode x : each(v)) {
            if (x.isObject() && x.path("@language").asText("").toLowerCase(Locale.ROOT).startsWith("en")) {
                add(out, literal(x));
            }
        }
        for (JsonNode x : each(v)) {
            add(out, literal(x));
        }
        return out;
    }

    private static void add(List<String> out, String s) {
        if (s != null && !out.contains(s)) {
            out.add(s);
        }
    }

    private String literal(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isValueNode()) {
            return blankToNull(v.asText());
        }
        if (!v.isObject()) {
            return null;
        }
        Scan s = new Scan(v);
        JsonNode value = s.get(Key.VALUE);
        if (value != null) {
            return blankToNull(value.asText());
        }
        JsonNode id = s.get(Key.ID);
        if (id != null && v.size() == 1) {
            JsonNode r = resolve(v);
            if (r != v) {
                String nm = nameOf(new Scan(r), false);
                return nm != null ? nm : blankToNull(id.asText());
            }
            return blankToNull(id.asText());
        }
        return nameOf(s, false);
    }

    /** A person's or organisation's object (resolved), or null for a plain literal. */
    private Scan agent(JsonNode v) {
        for (JsonNode x : each(v)) {
            JsonNode r = resolve(x);
            if (r.isObject()) {
                return new Scan(r);
            }
        }
        return null;
    }

    private String literalName(JsonNode v) {
        for (JsonNode x : each(v)) {
            String s = literal(x);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** A person's or organisation's name, from the usual vocabularies. */
    private String name(JsonNode v) {
        Scan a = agent(v);
        if (a != null) {
            String nm = nameOf(a, false);
            if (nm != null) {
                return nm;
            }
        }
        return literalName(v);
    }

    /** name, fn (a contact's first), label or title, e-mail, else the {@code @id}. */
    private String nameOf(Scan r, boolean contact) {
        Key[] order = contact ? new Key[] {Key.FN, Key.NAME, Key.LABEL, Key.TITLE}
                : new Key[] {Key.NAME, Key.FN, Key.LABEL, Key.TITLE};
        for (Key k : order) {
            JsonNode v = r.get(k);
            if (v != null) {
                String s = textNoResolve(v);
                if (s != null) {
                    return s;
                }
            }
        }
        if (!contact) {
            String e = email(r);
            if (e != null) {
                return e;
            }
        }
        return idOf(r);
    }

    private String email(Scan r) {
        String e = textNoResolve(r.get(Key.EMAIL));
        if (e == null) {
            return null;
        }
        return e.regionMatches(true, 0, "mailto:", 0, 7) ? e.substring(7) : e;
    }

    /** The first literal of a value without following references (names are literals; avoids cycles). */
    private static String textNoResolve(JsonNode v) {
        for (JsonNode x : each(v)) {
            if (x.isValueNode()) {
                String s = blankToNull(x.asText());
                if (s != null) {
                    return s;
                }
            } else if (x.isObject()) {
                JsonNode inner = x.has("@value") ? x.get("@value") : x.get("@id");
                if (inner != null && inner.isValueNode() && blankToNull(inner.asText()) != null) {
                    return inner.asText();
                }
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return (long) Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A catalogue over {@link #MAX_BYTES}: no connection problem, so not for the transport to retry. */
    private static final class TooLarge extends IOException {
        TooLarge(String what) {
            super(what);
        }
    }

    /** A stream that refuses to read past a limit, and keeps its first bytes to quote. */
    private static final class Bounded extends java.io.FilterInputStream {
        private final long limit;
        private long read;
        private final byte[] head = new byte[200];
        private int kept;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                if (kept < head.length) {
                    int k = Math.min(n, head.length - kept);
                    System.arraycopy(b, off, head, kept, k);
                    kept += k;
                }
                read += n;
                if (read > limit) {
                    throw new TooLarge("the DCAT catalogue is larger than " + limit / (1024 * 1024) + " MiB");
                }
            }
            return n;
        }

        String head() {
            return new String(head, 0, kept, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

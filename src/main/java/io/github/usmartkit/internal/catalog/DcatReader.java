package io.github.usmartkit.internal.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.catalog.CatalogDataset;
import io.github.usmartkit.catalog.Distribution;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
 * anywhere, read as absent; any optional field missing; a dataset the catalogue names by its IRI
 * alone and describes nowhere in the document, listed with that id and nothing else (its GUID
 * taken from the IRI's last segment) rather than left out.
 * <p>The document is read once, token by token: each object's keys are resolved (once per
 * distinct key in the document) to the property they stand for, their values put in that
 * property's slot, and keys the reader has no use for skipped unread — no JSON tree is built.
 * The bytes are kept, so that {@link Catalog#json()} can build the tree if it is asked for.
 */
public final class DcatReader {

    /** A catalogue larger than this is refused rather than read into memory. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    /** The properties the reader uses; every key of a document resolves to one (or to {@link #OTHER}, skipped). */
    private enum Key {
        ID, TYPE, VALUE, LANGUAGE, GRAPH, DATASET, DISTRIBUTION, TITLE, DESCRIPTION, IDENTIFIER, KEYWORD, THEME, ISSUED,
        MODIFIED, LANDING_PAGE, LICENCE, RIGHTS, PUBLISHER, CONTACT_POINT, STATUS, ACCESS_LEVEL, ACCRUAL, ACCESS_URL,
        DOWNLOAD_URL, MEDIA_TYPE, FORMAT, BYTE_SIZE, NAME, FN, LABEL, EMAIL, OTHER
    }

    private static final int SLOTS = Key.values().length;

    /** Local names (lower case) of each property, in the vocabularies catalogues use (DCAT, DCT, FOAF, vCard, POD). */
    private static final Map<String, Key> LOCAL_NAMES = new HashMap<>();

    static {
        local(Key.ID, "@id");
        local(Key.TYPE, "@type", "type");
        local(Key.VALUE, "@value");
        local(Key.LANGUAGE, "@language");
        local(Key.GRAPH, "@graph");
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
    /**
     * The keys of the last object read under each property (and at the top), in order: objects in
     * one place (datasets, distributions, contacts) repeat their keys in the same order, so a key
     * is usually found by comparing it with the one at its position there (the parser hands out
     * each distinct name as one String).
     */
    private final Shape[] shapes = new Shape[SLOTS + 1];

    private static final class Shape {
        String[] names = new String[8];
        Key[] keys = new Key[8];

        void set(int i, String name, Key k) {
            if (i >= names.length) {
                names = java.util.Arrays.copyOf(names, i * 2);
                keys = java.util.Arrays.copyOf(keys, i * 2);
            }
            names[i] = name;
            keys[i] = k;
        }
    }
    /** Top-level nodes (graph members) by {@code @id}, for references. */
    private final Map<String, Node> byId = new HashMap<>();

    /**
     * Whether datasets directly under the root object's {@code dataset} are made into
     * {@link CatalogDataset}s as each is read, so that their objects die young (a catalogue of
     * thousands of datasets is otherwise held whole until its end).
     */
    private final boolean eager;
    private int depth;
    /** Set when the root object turns out to be what the one-pass conversion cannot read (a @graph). */
    private boolean eagerBroken;

    private DcatReader(boolean eager) {
        this.eager = eager;
    }

    /** Datasets made while reading (see {@link #eager}), in the root's {@code dataset} slot. */
    private static final class Made {
        final List<CatalogDataset> datasets = new ArrayList<>();
    }

    /** Whether the one-pass conversion went wrong for this document, so it must be read again without it. */
    private boolean eagerFailed(Object root) {
        if (!(root instanceof Node r) || !(r.get(Key.DATASET) instanceof Made)) {
            return false;
        }
        return eagerBroken || !isA(r, "catalog") && r.get(Key.TYPE) != null;
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

    /**
     * Parses catalogue text.
     *
     * @throws ServiceException if it is not JSON or holds no catalogue or dataset
     */
    public static Catalog read(String text) {
        try {
            return read(new ByteArrayInputStream((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /**
     * Parses a catalogue as it streams in (at most {@link #MAX_BYTES}).
     *
     * @throws IOException if the stream fails or is cut short, or the catalogue is too large
     * @throws ServiceException if it is not JSON or holds no catalogue or dataset
     */
    public static Catalog read(InputStream in) throws IOException {
        Kept kept = new Kept(in, MAX_BYTES);
        Object root;
        DcatReader r = new DcatReader(true);
        try (JsonParser p = Json.parser(kept)) {
            root = r.document(p);
            while (p.nextToken() != null) {
                p.skipChildren(); // trailing values: read through, so the document kept is whole
            }
        } catch (JsonEOFException e) {
            // whole as sent, yet its JSON does not end (a body cut short fails in the stream itself, which the transport retries)
            throw new ServiceException(Failure.of("dcat", null, "the DCAT catalogue ends before its JSON does", "Check the DCAT URL")
                    .withStatus(200).withService(null, "cut short: " + Redaction.excerpt(kept.head(), 160)));
        } catch (JsonProcessingException e) {
            throw notJson(kept.head());
        }
        if (!(root instanceof Node) && !(root instanceof List<?>)) {
            throw notJson(kept.head());
        }
        byte[][] chunks = kept.chunks();
        java.util.function.Supplier<JsonNode> tree = () -> {
            try {
                return Json.tree(bytes(chunks));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // read once already
            }
        };
        if (r.eagerFailed(root)) {
            // a shape the one-pass conversion cannot take (a @graph beside the datasets): read the kept bytes again
            r = new DcatReader(false);
            try (JsonParser p = Json.parser(bytes(chunks))) {
                root = r.document(p);
            }
        }
        return r.catalogue(root, kept.head(), tree);
    }

    private static InputStream bytes(byte[][] chunks) {
        return new java.io.SequenceInputStream(java.util.Collections.enumeration(
                java.util.Arrays.stream(chunks).map(ByteArrayInputStream::new).toList()));
    }

    /**
     * Parses an already-read JSON-LD document (no call is made).
     *
     * @throws ServiceException if it holds no catalogue or dataset
     */
    public static Catalog read(JsonNode document) {
        Object root;
        DcatReader r = new DcatReader(true);
        try {
            try (JsonParser p = document.traverse()) {
                root = r.document(p);
            }
            if (r.eagerFailed(root)) {
                r = new DcatReader(false);
                try (JsonParser p = document.traverse()) {
                    root = r.document(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree does not fail
        }
        if (!(root instanceof Node) && !(root instanceof List<?>)) {
            throw notJson(document.toString());
        }
        return r.catalogue(root, document.toString(), () -> document);
    }

    /** The document's root value (a catalogue's is a Node or a List), or null for an empty document. */
    private Object document(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? null : value(p, t, SLOTS);
    }

    private static ServiceException notJson(String head) {
        return new ServiceException(Failure.of("dcat", null, "the DCAT catalogue is not JSON", "Check the DCAT URL")
                .withStatus(200).withService(null, "not JSON-LD: " + Redaction.excerpt(head, 160)));
    }

    // ---- reading: one pass, values into slots

    /**
     * A JSON object as the reader keeps it: each property's value in its slot — a {@code String}
     * (any literal), a {@code Node}, or a {@code List} of those (an array, or a key given twice).
     */
    private static final class Node {
        final Object[] slots = new Object[SLOTS];
        int keys;

        Object get(Key k) {
            return slots[k.ordinal()];
        }

        void put(Key k, Object v) {
            Object before = slots[k.ordinal()];
            if (before == null) {
                slots[k.ordinal()] = v;
                return;
            }
            List<Object> all = new ArrayList<>();
            addAll(all, before);
            addAll(all, v);
            slots[k.ordinal()] = all;
        }

        private static void addAll(List<Object> all, Object v) {
            if (v instanceof List<?> l) {
                all.addAll(l);
            } else {
                all.add(v);
            }
        }
    }

    /**
     * The value at {@code t}: a literal's text, a Node, a List; null for JSON null or an empty
     * array. {@code place}: the property it is the value of ({@code SLOTS} at the top).
     */
    private Object value(JsonParser p, JsonToken t, int place) throws IOException {
        switch (t) {
            case START_OBJECT:
                return object(p, place);
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (x == null) {
                        throw new JsonEOFException(p, null, "an array is not closed");
                    }
                    Object v = value(p, x, place);
                    if (v != null) {
                        items.add(v);
                    }
                }
                return items.isEmpty() ? null : items;
            }
            case VALUE_NULL:
                return null;
            default:
                return p.getText();
        }
    }

    private Node object(JsonParser p, int place) throws IOException {
        depth++;
        try {
            return fields(p, place);
        } finally {
            depth--;
        }
    }

    private Node fields(JsonParser p, int place) throws IOException {
        Node n = new Node();
        Shape shape = shapes[place];
        if (shape == null) {
            shape = new Shape();
            shapes[place] = shape;
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int at = n.keys;
            Key k;
            if (at < shape.names.length && shape.names[at] == name) {
                k = shape.keys[at];
            } else {
                k = key(name);
                shape.set(at, name, k);
            }
            n.keys++;
            t = p.nextToken();
            if (k == Key.OTHER) {
                p.skipChildren(); // not a property the reader uses: skipped unread
                continue;
            }
            if (eager && depth == 1 && place == SLOTS) {
                if (k == Key.GRAPH) {
                    eagerBroken = true;
                } else if (k == Key.DATASET && (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT)) {
                    n.put(k, datasetsAsRead(p, t));
                    continue;
                }
            }
            Object v = value(p, t, k.ordinal());
            if (v != null) {
                n.put(k, v);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonEOFException(p, null, "an object is not closed");
        }
        return n;
    }

    /** The root's datasets, each made into a CatalogDataset as soon as it is read. */
    private Made datasetsAsRead(JsonParser p, JsonToken t) throws IOException {
        Made made = new Made();
        if (t == JsonToken.START_OBJECT) {
            made.datasets.add(dataset(object(p, Key.DATASET.ordinal())));
            return made;
        }
        JsonToken x;
        while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
            if (x == null) {
                throw new JsonEOFException(p, null, "an array is not closed");
            }
            if (x == JsonToken.START_OBJECT) {
                made.datasets.add(dataset(object(p, Key.DATASET.ordinal())));
            } else if (x != JsonToken.VALUE_NULL) {
                eagerBroken = true; // a reference to a dataset elsewhere: needs the whole document
                p.skipChildren();
            }
        }
        return made;
    }

    private Key key(String raw) {
        Key k = keys.get(raw);
        if (k == null) {
            String local = localName(raw);
            k = LOCAL_NAMES.get(local);
            if (k == null) {
                k = LOCAL_NAMES.getOrDefault(local.toLowerCase(Locale.ROOT), Key.OTHER);
            }
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

    // ---- making sense of it

    private Catalog catalogue(Object root, String head, java.util.function.Supplier<JsonNode> document) {
        List<Node> tops = new ArrayList<>();
        collect(root, tops);
        for (Node n : tops) {
            String id = string(n.get(Key.ID));
            if (id != null && n.keys > 1) {
                byId.putIfAbsent(id, n);
            }
        }
        Node catalog = null;
        for (Node n : tops) {
            if (isA(n, "catalog")) {
                catalog = n;
                break;
            }
        }
        if (catalog == null && root instanceof Node r && r.get(Key.DATASET) != null) {
            catalog = r;
        }
        if (catalog != null && catalog.get(Key.DATASET) instanceof Made made) {
            return new Catalog(string(catalog.get(Key.ID)), text(catalog.get(Key.TITLE)), text(catalog.get(Key.DESCRIPTION)),
                    name(catalog.get(Key.PUBLISHER)), made.datasets, document);
        }
        // The catalogue's datasets in its order: each described where it is or in the document
        // (a reference resolved), or named by its IRI alone ("dataset": ["https://…/1", …] or
        // [{"@id": …}]) and described nowhere here: listed with that id rather than left out
        List<Object> listed = new ArrayList<>();
        boolean described = false;
        if (catalog != null) {
            for (Object v : each(catalog.get(Key.DATASET))) {
                Object d = resolve(v);
                if (d instanceof Node n && !(n.keys == 1 && n.get(Key.ID) != null)) {
                    listed.add(n);
                    described = true;
                } else {
                    String iri = string(d instanceof Node r ? r.get(Key.ID) : d);
                    if (iri != null) {
                        listed.add(iri);
                    }
                }
            }
        }
        if (!described) {
            List<Object> typed = new ArrayList<>();
            for (Node n : tops) {
                if (isA(n, "dataset")) {
                    typed.add(n);
                }
            }
            if (!typed.isEmpty()) {
                listed = typed;
            }
        }
        if (catalog == null && listed.isEmpty()) {
            throw new ServiceException(Failure.of("dcat", null, "the DCAT document holds no catalogue", "Check the DCAT URL")
                    .withStatus(200).withService(null, "no dcat:Catalog and no dcat:Dataset in: " + Redaction.excerpt(head, 160)));
        }
        List<CatalogDataset> datasets = new ArrayList<>(listed.size());
        for (Object d : listed) {
            datasets.add(d instanceof Node n ? dataset(n) : new CatalogDataset((String) d, null, null, null, null, null, List.of(),
                    List.of(), null, null, null, null, null, null, null, null, List.of()));
        }
        Node c = catalog != null ? catalog : root instanceof Node r ? r : new Node();
        return new Catalog(string(c.get(Key.ID)), text(c.get(Key.TITLE)), text(c.get(Key.DESCRIPTION)), name(c.get(Key.PUBLISHER)),
                datasets, document);
    }

    /** The document's top-level objects: the root, array members and {@code @graph} members. */
    private static void collect(Object v, List<Node> out) {
        if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, out));
        } else if (v instanceof Node n) {
            Object graph = n.get(Key.GRAPH);
            if (graph != null) {
                collect(graph, out);
                int described = 0;
                for (int k = 0; k < SLOTS; k++) {
                    described += n.slots[k] != null && k != Key.GRAPH.ordinal() && k != Key.ID.ordinal() ? 1 : 0;
                }
                if (described > 0) {
                    out.add(n); // a catalogue described at the top with its members in @graph
                }
            } else {
                out.add(n);
            }
        }
    }

    private boolean isA(Node n, String type) {
        for (Object t : each(n.get(Key.TYPE))) {
            String s = t instanceof Node x ? string(x.get(Key.ID)) : t instanceof String str ? str : null;
            if (s != null && localName(s).equalsIgnoreCase(type)) {
                return true;
            }
        }
        return false;
    }

    private CatalogDataset dataset(Node d) {
        List<Distribution> dists = new ArrayList<>();
        for (Object v : each(d.get(Key.DISTRIBUTION))) {
            if (resolve(v) instanceof Node n) {
                dists.add(new Distribution(text(n.get(Key.TITLE)), text(n.get(Key.ACCESS_URL)), text(n.get(Key.DOWNLOAD_URL)),
                        text(n.get(Key.MEDIA_TYPE)), text(n.get(Key.FORMAT)), number(text(n.get(Key.BYTE_SIZE)))));
            }
        }
        Node contact = agent(d.get(Key.CONTACT_POINT));
        String licence = text(d.get(Key.LICENCE));
        return new CatalogDataset(string(d.get(Key.ID)), text(d.get(Key.IDENTIFIER)), text(d.get(Key.TITLE)),
                text(d.get(Key.DESCRIPTION)), text(d.get(Key.STATUS)), text(d.get(Key.ACCESS_LEVEL)), texts(d.get(Key.KEYWORD)),
                texts(d.get(Key.THEME)), name(d.get(Key.PUBLISHER)),
                contact == null ? literalName(d.get(Key.CONTACT_POINT)) : nameOf(contact, true),
                contact == null ? null : email(contact), text(d.get(Key.ISSUED)), text(d.get(Key.MODIFIED)),
                text(d.get(Key.LANDING_PAGE)), licence != null ? licence : text(d.get(Key.RIGHTS)), text(d.get(Key.ACCRUAL)), dists);
    }

    /** The values of a slot: a list's members, or the one value (none for null). */
    private static List<?> each(Object v) {
        return v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
    }

    /** A reference ({@code {"@id"}} alone, or an id as text) to a top-level node, as that node. */
    private Object resolve(Object v) {
        if (byId.isEmpty()) {
            return v;
        }
        if (v instanceof Node n && n.keys == 1 && n.get(Key.ID) != null) {
            Node r = byId.get(string(n.get(Key.ID)));
            return r == null ? v : r;
        }
        if (v instanceof String s) {
            Node r = byId.get(s);
            return r == null ? v : r;
        }
        return v;
    }

    /** A plain literal (an {@code @id} is text); null otherwise. */
    private static String string(Object v) {
        if (v instanceof String s) {
            return blankToNull(s);
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            return string(l.get(0));
        }
        return null;
    }

    /** The first value as text: a literal, {@code @value}, the name of a referenced node, or an {@code @id}; English first. */
    private String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return blankToNull(s);
        }
        List<String> all = texts(v);
        return all.isEmpty() ? null : all.get(0);
    }

    private List<String> texts(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return blankToNull(s) == null ? List.of() : List.of(s);
        }
        List<String> out = new ArrayList<>();
        List<?> all = each(v);
        // prefer English when several language-tagged values are given
        for (Object x : all) {
            if (x instanceof Node n && n.get(Key.LANGUAGE) instanceof String lang && lang.toLowerCase(Locale.ROOT).startsWith("en")) {
                add(out, literal(x));
            }
        }
        for (Object x : all) {
            add(out, literal(x));
        }
        return out;
    }

    private static void add(List<String> out, String s) {
        if (s != null && !out.contains(s)) {
            out.add(s);
        }
    }

    private String literal(Object v) {
        if (v instanceof String s) {
            return blankToNull(s);
        }
        if (!(v instanceof Node n)) {
            return null;
        }
        Object value = n.get(Key.VALUE);
        if (value != null) {
            return string(value);
        }
        String id = string(n.get(Key.ID));
        if (id != null && n.keys == 1) {
            Object r = resolve(v);
            if (r != v && r instanceof Node target) {
                String nm = nameOf(target, false);
                return nm != null ? nm : id;
            }
            return id;
        }
        return nameOf(n, false);
    }

    /** A person's or organisation's object (resolved), or null for a plain literal. */
    private Node agent(Object v) {
        for (Object x : each(v)) {
            if (resolve(x) instanceof Node n) {
                return n;
            }
        }
        return null;
    }

    private String literalName(Object v) {
        for (Object x : each(v)) {
            String s = literal(x);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** A person's or organisation's name, from the usual vocabularies. */
    private String name(Object v) {
        Node a = agent(v);
        if (a != null) {
            String nm = nameOf(a, false);
            if (nm != null) {
                return nm;
            }
        }
        return literalName(v);
    }

    private static final Key[] AGENT_NAME = {Key.NAME, Key.FN, Key.LABEL, Key.TITLE};
    private static final Key[] CONTACT_NAME = {Key.FN, Key.NAME, Key.LABEL, Key.TITLE};

    /** name, fn (a contact's first), label or title, e-mail, else the {@code @id}. */
    private String nameOf(Node r, boolean contact) {
        for (Key k : contact ? CONTACT_NAME : AGENT_NAME) {
            String s = plain(r.get(k));
            if (s != null) {
                return s;
            }
        }
        if (!contact) {
            String e = email(r);
            if (e != null) {
                return e;
            }
        }
        return string(r.get(Key.ID));
    }

    private String email(Node r) {
        String e = plain(r.get(Key.EMAIL));
        if (e == null) {
            return null;
        }
        return e.regionMatches(true, 0, "mailto:", 0, 7) ? e.substring(7) : e;
    }

    /** The first literal of a value without following references (names are literals; avoids cycles). */
    private static String plain(Object v) {
        for (Object x : each(v)) {
            if (x instanceof String s && blankToNull(s) != null) {
                return s;
            }
            if (x instanceof Node n) {
                String inner = string(n.get(Key.VALUE) != null ? n.get(Key.VALUE) : n.get(Key.ID));
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        char c = s.charAt(0);
        return c > ' ' && c < 0x80 ? s : s.isBlank() ? null : s; // most values start with a visible ASCII character
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

    // ---- the bytes

    /** A catalogue over {@link #MAX_BYTES}: no connection problem, so not for the transport to retry. */
    private static final class TooLarge extends IOException {
        TooLarge(String what) {
            super(what);
        }
    }

    /** Passes a stream through, keeping what it read (in chunks, never copied whole) up to a limit. */
    private static final class Kept extends java.io.FilterInputStream {
        private static final int CHUNK = 1024 * 1024;
        private final long limit;
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current = new byte[8192];
        private int used;
        private long read;

        Kept(InputStream in, long limit) {
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
                read += n;
                if (read > limit) {
                    throw new TooLarge("the DCAT catalogue is larger than " + limit / (1024 * 1024) + " MiB");
                }
                keep(b, off, n);
            }
            return n;
        }

        private void keep(byte[] b, int off, int n) {
            while (n > 0) {
                if (used == current.length) {
                    if (current.length < CHUNK) {
                        current = java.util.Arrays.copyOf(current, Math.min(CHUNK, current.length * 2));
                    } else {
                        full.add(current);
                        current = new byte[CHUNK];
                        used = 0;
                    }
                }
                int k = Math.min(n, current.length - used);
                System.arraycopy(b, off, current, used, k);
                used += k;
                off += k;
                n -= k;
            }
        }

        byte[][] chunks() {
            List<byte[]> all = new ArrayList<>(full);
            all.add(java.util.Arrays.copyOf(current, used));
            return all.toArray(new byte[0][]);
        }

        String head() {
            byte[] first = full.isEmpty() ? java.util.Arrays.copyOf(current, used) : full.get(0);
            return new String(first, 0, Math.min(first.length, 400), StandardCharsets.UTF_8);
        }
    }
}

package io.github.usmartkit.internal.catalog;

import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.catalog.CatalogDataset;
import io.github.usmartkit.catalog.Distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.text.Redaction;
import io.github.usmartkit.internal.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a DCAT catalogue in JSON-LD without a JSON-LD processor, tolerating the shapes met in
 * practice: prefixed keys ({@code dcat:dataset}), bare terms ({@code dataset}) and full IRIs
 * ({@code http://www.w3.org/ns/dcat#dataset}) — all reduced to their local name; a flattened
 * {@code @graph} with {@code {"@id"}} references; one value where an array is expected and the
 * reverse; values as {@code {"@value"}} or {@code {"@id"}}; {@code @type} as an array; any
 * optional field missing.
 */
public final class DcatReader {

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
        if (root == null || root.isMissingNode() || !(root.isObject() || root.isArray())) {
            throw new ServiceException(Failure.of("dcat", null, "the DCAT catalogue is not JSON", "Check the DCAT URL").withStatus(200).withService(null, "not JSON-LD: " + Redaction.excerpt(text, 160)));
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

    private Catalog parse(JsonNode root) {
        List<JsonNode> nodes = new ArrayList<>();
        collect(root, nodes);
        for (JsonNode n : nodes) {
            String id = n.path("@id").asText(null);
            if (id != null && n.size() > 1) {
                byId.putIfAbsent(id, n);
            }
        }
        JsonNode catalog = nodes.stream().filter(n -> hasType(n, "catalog")).findFirst().orElse(null);
        if (catalog == null && root.isObject() && !values(root, "dataset").isEmpty()) {
            catalog = root;
        }
        List<JsonNode> datasetNodes = new ArrayList<>();
        if (catalog != null) {
            for (JsonNode v : values(catalog, "dataset")) {
                datasetNodes.add(resolve(v));
            }
        }
        if (datasetNodes.isEmpty()) {
            nodes.stream().filter(n -> hasType(n, "dataset")).forEach(datasetNodes::add);
        }
        if (catalog == null && datasetNodes.isEmpty()) {
            throw new ServiceException(Failure.of("dcat", null, "the DCAT document holds no catalogue", "Check the DCAT URL").withStatus(200).withService(null, "no dcat:Catalog and no dcat:Dataset in: "
                    + Redaction.excerpt(root.toString(), 160)));
        }
        List<CatalogDataset> datasets = new ArrayList<>();
        for (JsonNode d : datasetNodes) {
            if (d.isObject()) {
                datasets.add(dataset(d));
            }
        }
        JsonNode c = catalog == null ? root : catalog;
        return new Catalog(c.path("@id").asText(null), text(c, "title"), name(c, "publisher"), datasets, root);
    }

    private CatalogDataset dataset(JsonNode d) {
        List<Distribution> dists = new ArrayList<>();
        for (JsonNode v : values(d, "distribution")) {
            JsonNode n = resolve(v);
            if (n.isObject()) {
                dists.add(new Distribution(text(n, "title"), text(n, "accessURL"), text(n, "downloadURL"),
                        text(n, "mediaType"), text(n, "format"), number(text(n, "byteSize"))));
            }
        }
        return new CatalogDataset(d.path("@id").asText(null), text(d, "identifier"), text(d, "title"),
                text(d, "description"), texts(d, "keyword"), texts(d, "theme"), name(d, "publisher"),
                name(d, "contactPoint"), text(d, "issued"), text(d, "modified"), text(d, "landingPage"),
                text(d, "license", "licence", "rights"), dists);
    }

    /** Every object node of the document: the root, array members and {@code @graph} members. */
    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isArray()) {
            n.forEach(x -> collect(x, out));
        } else if (n.isObject()) {
            if (n.has("@graph")) {
                collect(n.get("@graph"), out);
                boolean more = false;
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    more |= !k.equals("@graph") && !k.equals("@context") && !k.equals("@id");
                }
                if (more) {
                    out.add(n); // a catalogue described at the top with its members in @graph
                }
            } else {
                out.add(n);
            }
        }
    }

    /** The local name of a key: after '#', the last '/', or a prefix ':'. */
    static String local(String key) {
        if (key.startsWith("@")) {
            return key;
        }
        int i = Math.max(key.lastIndexOf('#'), key.lastIndexOf('/'));
        String s = i >= 0 ? key.substring(i + 1) : key;
        int c = s.lastIndexOf(':');
        return c >= 0 ? s.substring(c + 1) : s;
    }

    private static boolean hasType(JsonNode n, String type) {
        if (!n.isObject()) {
            return false;
        }
        for (String k : new String[] {"@type", "type", "rdf:type"}) {
            JsonNode t = n.get(k);
            if (t == null) {
                continue;
            }
            for (JsonNode x : t.isArray() ? t : List.of(t)) {
                String s = x.isObject() ? x.path("@id").asText("") : x.asText("");
                if (local(s).toLowerCase(Locale.ROOT).equals(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** All values of a property (by local name), arrays flattened. */
    private static List<JsonNode> values(JsonNode n, String... names) {
        List<JsonNode> out = new ArrayList<>();
        if (n == null || !n.isObject()) {
            return out;
        }
        for (String name : names) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (local(e.getKey()).equalsIgnoreCase(name)) {
                    JsonNode v = e.getValue();
                    if (v.isArray()) {
                        v.forEach(out::add);
                    } else if (!v.isNull()) {
                        out.add(v);
                    }
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    private JsonNode resolve(JsonNode v) {
        if (v.isObject() && v.has("@id") && v.size() == 1) {
            JsonNode n = byId.get(v.get("@id").asText());
            return n == null ? v : n;
        }
        if (v.isTextual() && byId.containsKey(v.asText())) {
            return byId.get(v.asText());
        }
        return v;
    }

    /** The first value as text: a literal, {@code @value}, a name of a referenced node, or an {@code @id}. */
    private String text(JsonNode n, String... names) {
        List<String> all = textsOf(values(n, names));
        return all.isEmpty() ? null : all.get(0);
    }

    private List<String> texts(JsonNode n, String name) {
        return textsOf(values(n, name));
    }

    private List<String> textsOf(List<JsonNode> vs) {
        List<String> out = new ArrayList<>();
        // prefer English when several language-tagged values are given
        vs.stream().filter(v -> v.isObject() && v.path("@language").asText("").toLowerCase(Locale.ROOT).startsWith("en"))
                .map(this::literal).filter(s -> s != null && !s.isBlank()).forEach(out::add);
        for (JsonNode v : vs) {
            String s = literal(v);
            if (s != null && !s.isBlank() && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private String literal(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isObject()) {
            if (v.has("@value")) {
                return v.get("@value").asText();
            }
            if (v.has("@id")) {
                JsonNode r = resolve(v);
                if (r != v) {
                    String nm = nameOf(r);
                    return nm != null ? nm : v.get("@id").asText();
                }
                return v.get("@id").asText();
            }
            return nameOf(v);
        }
        return null;
    }

    /** A person's or organisation's name, from the usual vocabularies. */
    private String name(JsonNode n, String prop) {
        List<JsonNode> vs = values(n, prop);
        for (JsonNode v : vs) {
            JsonNode r = resolve(v);
            if (r.isObject()) {
                String nm = nameOf(r);
                if (nm != null) {
                    return nm;
                }
            }
            String s = literal(v);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private String nameOf(JsonNode r) {
        for (String p : new String[] {"name", "fn", "title", "label", "prefLabel", "hasEmail", "mbox"}) {
            List<JsonNode> vs = values(r, p);
            for (JsonNode x : vs) {
                if (x.isValueNode()) {
                    return x.asText();
                }
                if (x.isObject() && x.has("@value")) {
                    return x.get("@value").asText();
                }
                if (x.isObject() && x.has("@id")) {
                    return x.get("@id").asText();
                }
            }
        }
        return r.has("@id") ? r.get("@id").asText() : null;
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
}

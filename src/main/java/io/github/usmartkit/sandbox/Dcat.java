package io.github.usmartkit.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;

/**
 * The organisation's catalogue in the shape real uSmart organisations publish (P: two public
 * catalogues captured in 2022): Project Open Data v1.1 {@code data.json} with bare keys, no
 * dataset {@code @id}, the dataset GUID inside {@code identifier}, and two kinds of distribution —
 * each pipeline's API ({@code title} "API", the current revision number in its URL) and each file
 * (its name, its download URL, its media type as given, which may be a word such as {@code GEOJSON}).
 *
 * <p>Served at {@code /org/{org}/dcat/data.json} and {@code /org/{org}/dcat/public} (public
 * datasets, no key) and {@code /org/{org}/dcat/private} (every dataset; a member's key), the two
 * links uSmart's help page describes (A: the private catalogue's address is not public).
 */
final class Dcat {
    /** Keys real catalogues carry with {@code null} in nearly every dataset. */
    private static final List<String> USUALLY_NULL_BEFORE_CONTACT = List.of("boundingBoxEast", "boundingBoxNorth",
            "boundingBoxSouth", "boundingBoxWest", "conformsTo");

    private final SandboxServer server;

    Dcat(SandboxServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex, String org, String which) throws IOException {
        server.injectFault(ex, "dcat");
        if (!ex.getRequestMethod().equals("GET")) {
            ex.getResponseHeaders().set("Allow", "GET");
            throw new ApiError(405, "MethodNotAllowed", ex.getRequestMethod() + " is not allowed on the DCAT catalogue; use GET");
        }
        if (!which.equals("data.json") && !which.equals("public") && !which.equals("private")) {
            throw ApiError.notFound("no DCAT catalogue '" + which + "'; use /org/{org}/dcat/data.json (or /dcat/public) for the public"
                    + " datasets, /org/{org}/dcat/private (with a member's keys) for all");
        }
        server.requireOrg(org);
        boolean all = which.equals("private");
        server.authenticate(ex, org, all);
        String base = server.baseUrl(ex);
        ObjectNode catalog = server.store.read(s -> {
            State.Org o = s.orgs.get(org);
            ObjectNode c = Json.MAPPER.createObjectNode();
            c.put("@context", "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld");
            c.put("@id", base + "/org/" + org + "/dcat/" + which);
            c.put("@type", "dcat:Catalog");
            c.put("title", o.name + " Catalog");
            c.put("description", o.name + " Catalog");
            c.put("conformsTo", "https://project-open-data.cio.gov/v1.1/schema");
            c.put("describedBy", "https://project-open-data.cio.gov/v1.1/schema/catalog.json");
            ArrayNode datasets = c.putArray("dataset");
            for (State.Dataset d : o.datasets.values()) {
                if (all || d.visibility.equals("public")) {
                    datasets.add(dataset(base, o, d));
                }
            }
            return c;
        });
        Exchanges.json(ex, 200, catalog, "application/json");
    }

    private static ObjectNode dataset(String base, State.Org org, State.Dataset d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("@type", "dcat:Dataset");
        // POD's vocabulary; real catalogues show only public ones (A: non-public)
        n.put("accessLevel", d.visibility.equals("public") ? "public" : "non-public");
        USUALLY_NULL_BEFORE_CONTACT.forEach(n::putNull);
        ObjectNode contact = n.putObject("contactPoint");
        contact.put("@type", "vcard:Contact");
        contact.put("fn", d.contactName);
        contact.put("email", d.contactPoint);
        n.putNull("coverageArea");
        n.put("createdAt", d.created);
        n.put("description", d.description);
        ArrayNode dists = n.putArray("distribution");
        for (State.Container c : d.containers) {
            State.Publication p = c.latest();
            if (p == null || c.pipelineId.equals("csv-to-download")) {
                continue; // a download pipeline publishes no API; its file is listed below
            }
            distribution(dists, PublicUrls.api(base, org.guid, c.guid, String.valueOf(p.number)), "application/json", "API");
        }
        for (State.FileRec f : d.files) {
            distribution(dists, PublicUrls.file(base, org.guid, f.fileGUID), f.mediaType != null ? f.mediaType : f.contentType, f.fileName);
        }
        n.put("identifier", PublicUrls.identifier(base, org.guid, d.guid));
        n.put("issued", d.created);
        n.putNull("issueDate");
        n.put("landingPage", PublicUrls.landingPage(base, org.slug, d.guid));
        n.put("language", "en");
        n.putNull("lastModificationDate");
        n.put("licence", licenceUrl(d.licence));
        n.putNull("lineage");
        n.put("modified", d.updated);
        n.putNull("notes");
        ObjectNode publisher = n.putObject("publisher");
        publisher.put("@type", "org:Organization");
        publisher.put("name", PublicUrls.organisation(base, org.slug));
        n.putNull("spatialReferenceSystem");
        n.putNull("spatialResolution");
        n.put("status", d.status);
        n.putNull("targetDate");
        n.putNull("temporalCoverageEnd");
        n.putNull("temporalCoverageStart");
        n.putNull("temporalNotes");
        n.put("title", d.title);
        n.put("accrualPeriodicity", d.accrualPeriodicity);
        n.putNull("verticalExtent");
        ArrayNode kw = n.putArray("keyword");
        d.keywords.forEach(kw::add);
        ArrayNode themes = n.putArray("theme");
        if (d.theme != null) {
            themes.add(d.theme);
        }
        return n;
    }

    private static void distribution(ArrayNode dists, String accessUrl, String mediaType, String title) {
        ObjectNode dist = dists.addObject();
        dist.put("@type", "dcat:Distribution");
        dist.put("accessURL", accessUrl);
        dist.put("mediaType", mediaType);
        dist.put("title", title);
    }

    /** Real catalogues give the licence as a URL; the sandbox stores the short name dataset:view shows. */
    private static String licenceUrl(String licence) {
        return "OGL-UK-3.0".equals(licence) ? "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" : licence;
    }
}

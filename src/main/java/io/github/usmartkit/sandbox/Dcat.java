package io.github.usmartkit.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code GET /org/{org}/dcat/public} (public datasets, no key) and {@code /dcat/private} (every
 * dataset, a member's key required): the catalogue as JSON-LD with prefixed DCAT terms.
 */
final class Dcat {
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
        if (!which.equals("public") && !which.equals("private")) {
            throw ApiError.notFound("no DCAT catalogue '" + which + "'; use /org/{org}/dcat/public or /org/{org}/dcat/private");
        }
        server.requireOrg(org);
        boolean all = which.equals("private");
        server.authenticate(ex, org, all);
        String base = server.baseUrl(ex);
        ObjectNode catalog = server.store.read(s -> {
            State.Org o = s.orgs.get(org);
            ObjectNode c = Json.MAPPER.createObjectNode();
            ObjectNode ctx = c.putObject("@context");
            ctx.put("dcat", "http://www.w3.org/ns/dcat#");
            ctx.put("dct", "http://purl.org/dc/terms/");
            ctx.put("foaf", "http://xmlns.com/foaf/0.1/");
            ctx.put("vcard", "http://www.w3.org/2006/vcard/ns#");
            c.put("@id", base + "/org/" + org + "/dcat/" + which);
            c.put("@type", "dcat:Catalog");
            c.put("dct:title", o.name + " open data" + (all ? " (all datasets)" : ""));
            c.set("dct:publisher", publisher(o.name));
            ArrayNode datasets = c.putArray("dcat:dataset");
            for (State.Dataset d : o.datasets.values()) {
                if (all || d.visibility.equals("public")) {
                    datasets.add(dataset(base, org, d));
                }
            }
            return c;
        });
        Exchanges.json(ex, 200, catalog, "application/ld+json");
    }

    private static ObjectNode publisher(String name) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("@type", "foaf:Organization");
        p.put("foaf:name", name);
        return p;
    }

    private static ObjectNode dataset(String base, String org, State.Dataset d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        String landingPage = SandboxServer.landingPage(base, org, d.guid);
        n.put("@id", landingPage);
        n.put("@type", "dcat:Dataset");
        n.put("dct:identifier", d.guid);
        n.put("dct:title", d.title);
        n.put("dct:description", d.description);
        ArrayNode kw = n.putArray("dcat:keyword");
        d.keywords.forEach(kw::add);
        n.put("dcat:theme", d.theme);
        n.set("dct:publisher", publisher(d.publisher));
        ObjectNode contact = n.putObject("dcat:contactPoint");
        contact.put("@type", "vcard:Organization");
        contact.put("vcard:hasEmail", "mailto:" + d.contactPoint);
        n.put("dct:issued", d.created);
        n.put("dct:modified", d.updated);
        n.put("dcat:landingPage", landingPage);
        n.put("dct:license", "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/");
        ArrayNode dists = n.putArray("dcat:distribution");
        for (State.Container c : d.containers) {
            State.Publication p = c.latest();
            if (p == null) {
                continue;
            }
            ObjectNode dist = dists.addObject();
            dist.put("@type", "dcat:Distribution");
            dist.put("dct:title", d.title + " (" + c.pipelineId + ")");
            dist.put("dcat:accessURL", SandboxServer.apiUrl(base, org, c.guid));
            dist.put("dcat:downloadURL", SandboxServer.downloadUrl(base, org, c.guid));
            dist.put("dcat:mediaType", "text/csv");
            dist.put("dct:format", "CSV");
            dist.put("dcat:byteSize", p.bytes);
        }
        return n;
    }
}

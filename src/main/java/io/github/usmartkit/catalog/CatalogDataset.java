package io.github.usmartkit.catalog;

import java.util.List;

/**
 * A dataset as the DCAT catalogue lists it. Anything may be null or empty. On uSmart the
 * dataset has no {@code @id}, its {@code identifier} is a URL ending
 * {@code dataset:viewDiscovery?datasetGUID={guid}} ({@link #guid()} takes the GUID out), and
 * requested or planned datasets are listed too ({@link #status()}).
 *
 * @param id                 its {@code @id} (uSmart sends none)
 * @param identifier         {@code identifier} as written
 * @param title              title
 * @param description        description
 * @param status             {@code status}: on uSmart {@code Published}, {@code Request} or {@code Planned}
 * @param accessLevel        {@code accessLevel}: {@code public}, {@code non-public}, …
 * @param keywords           keywords
 * @param themes             themes
 * @param publisher          publisher's name as written (on uSmart the organisation's page URL)
 * @param contactName        contact's name ({@code contactPoint.fn})
 * @param contactEmail       contact's e-mail ({@code contactPoint.email} / {@code hasEmail}, without {@code mailto:})
 * @param issued             issued date as written
 * @param modified           modified date as written
 * @param landingPage        landing page URL
 * @param licence            licence ({@code licence} / {@code license} / {@code rights}: a URL or a name)
 * @param accrualPeriodicity how often it is updated, as written ({@code Annual}, {@code Daily}, …)
 * @param distributions      distributions: APIs and files ({@link Distribution#kind()})
 */
public record CatalogDataset(String id, String identifier, String title, String description, String status,
                             String accessLevel, List<String> keywords, List<String> themes, String publisher,
                             String contactName, String contactEmail, String issued, String modified,
                             String landingPage, String licence, String accrualPeriodicity,
                             List<Distribution> distributions) {

    public CatalogDataset {
        keywords = List.copyOf(keywords);
        themes = List.copyOf(themes);
        distributions = List.copyOf(distributions);
    }

    /**
     * The dataset GUID: the {@code datasetGUID=} parameter of the identifier, else the identifier
     * itself when it is no URL, else the last path segment of the landing page
     * ({@code …/discovery-view-detail/{guid}}), else the identifier, else the last segment of the id.
     */
    public String guid() {
        String fromIdentifier = queryParameter(identifier, "datasetGUID");
        if (fromIdentifier != null) {
            return fromIdentifier;
        }
        if (identifier != null && !identifier.isBlank() && !identifier.contains("://")) {
            return identifier.strip();
        }
        String fromPage = lastSegment(landingPage);
        if (fromPage != null) {
            return fromPage;
        }
        if (identifier != null && !identifier.isBlank()) {
            return identifier.strip();
        }
        return lastSegment(id);
    }

    /** The distributions that are APIs (one per published pipeline on uSmart). */
    public List<Distribution> apis() {
        return distributions.stream().filter(d -> d.kind() == Distribution.Kind.API).toList();
    }

    /** The distributions that are files to download. */
    public List<Distribution> files() {
        return distributions.stream().filter(d -> d.kind() == Distribution.Kind.FILE).toList();
    }

    /**
     * The publisher's name for people: as written, except that a URL (uSmart writes the
     * organisation's page, {@code https://usmart.io/org/{slug}}) gives its last path segment.
     */
    public String publisherName() {
        if (publisher == null || !publisher.contains("://")) {
            return publisher;
        }
        String last = lastSegment(publisher);
        return last == null ? publisher : last;
    }

    /** The value of query parameter {@code name} in {@code url}, or null. */
    static String queryParameter(String url, String name) {
        if (url == null) {
            return null;
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        int end = url.indexOf('#', q);
        end = end < 0 ? url.length() : end;
        int at = q + 1;
        while (at < end) {
            int next = url.indexOf('&', at);
            next = next < 0 || next > end ? end : next;
            if (next > at + name.length() + 1 && url.charAt(at + name.length()) == '=' && url.startsWith(name, at)) {
                return url.substring(at + name.length() + 1, next);
            }
            at = next + 1;
        }
        return null;
    }

    private static String lastSegment(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String s = url.strip();
        int cut = s.indexOf('?');
        s = cut >= 0 ? s.substring(0, cut) : s;
        s = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        String last = s.substring(s.lastIndexOf('/') + 1);
        return last.isBlank() ? null : last;
    }
}

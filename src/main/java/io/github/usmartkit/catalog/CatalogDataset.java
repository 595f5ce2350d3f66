package io.github.usmartkit.catalog;

import java.util.List;

/**
 * A dataset as the DCAT catalogue lists it. Anything but {@code id} may be null or empty.
 *
 * @param id            its {@code @id}
 * @param identifier    {@code dct:identifier} (on uSmart: the dataset GUID)
 * @param title         title
 * @param description   description
 * @param keywords      keywords
 * @param themes        themes
 * @param publisher     publisher's name (or IRI)
 * @param contactPoint  contact (name, email or IRI)
 * @param issued        issued date as written
 * @param modified      modified date as written
 * @param landingPage   landing page URL
 * @param license       licence (IRI or name)
 * @param distributions distributions
 */
public record CatalogDataset(String id, String identifier, String title, String description, List<String> keywords,
                             List<String> themes, String publisher, String contactPoint, String issued, String modified,
                             String landingPage, String license, List<Distribution> distributions) {

    public CatalogDataset {
        keywords = List.copyOf(keywords);
        themes = List.copyOf(themes);
        distributions = List.copyOf(distributions);
    }

    /**
     * The dataset GUID: the {@code datasetGUID=} parameter of the identifier (uSmart's identifier
     * is a URL, {@code …/dataset:viewDiscovery?datasetGUID={guid}}), else the last path segment of
     * the landing page, else the identifier itself when it is no URL, else the last segment of the id.
     */
    public String guid() {
        String fromIdentifier = queryParameter(identifier, "datasetGUID");
        if (fromIdentifier != null) {
            return fromIdentifier;
        }
        if (identifier != null && !identifier.isBlank() && !identifier.contains("://")) {
            return identifier;
        }
        String fromPage = lastSegment(landingPage);
        if (fromPage != null) {
            return fromPage;
        }
        if (identifier != null && !identifier.isBlank()) {
            return identifier;
        }
        return lastSegment(id);
    }

    private static String queryParameter(String url, String name) {
        if (url == null) {
            return null;
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String part : url.substring(q + 1).split("[&#]")) {
            if (part.startsWith(name + "=") && part.length() > name.length() + 1) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String lastSegment(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String s = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        int cut = s.indexOf('?');
        s = cut >= 0 ? s.substring(0, cut) : s;
        String last = s.substring(s.lastIndexOf('/') + 1);
        return last.isBlank() ? null : last;
    }
}

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

    /** The dataset GUID: the identifier, or the last path segment of the id. */
    public String guid() {
        if (identifier != null && !identifier.isBlank()) {
            return identifier;
        }
        if (id == null) {
            return null;
        }
        String s = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        return s.substring(s.lastIndexOf('/') + 1);
    }
}

package io.github.usmartkit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Render;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An organisation's DCAT catalogue as read: its datasets (with their distributions) and the
 * document itself; {@link #table()} gives the one-row-per-dataset table that
 * {@code USmart.catalog()} returns.
 *
 * @param id          the catalogue's {@code @id} (on uSmart its URL, holding the organisation GUID)
 * @param title       title, or null
 * @param description description, or null
 * @param publisher   the catalogue's publisher's name, or null (uSmart names none at this level)
 * @param datasets    datasets listed
 * @param json        the document as read
 */
public record Catalog(String id, String title, String description, String publisher, List<CatalogDataset> datasets,
                      JsonNode json) implements Displayable {

    private static final Pattern ORG = Pattern.compile("/org/([0-9a-fA-F-]{36})/dcat");

    public Catalog {
        datasets = List.copyOf(datasets);
    }

    /** The organisation GUID in the catalogue's {@code @id} ({@code …/org/{GUID}/dcat/…}), or null. */
    public String org() {
        if (id == null) {
            return null;
        }
        Matcher m = ORG.matcher(id);
        return m.find() ? m.group(1) : null;
    }

    /** The dataset with this GUID, else the first with this title. */
    public Optional<CatalogDataset> dataset(String guidOrTitle) {
        Optional<CatalogDataset> byGuid = datasets.stream().filter(d -> guidOrTitle.equals(d.guid())).findFirst();
        return byGuid.isPresent() ? byGuid : datasets.stream().filter(d -> guidOrTitle.equals(d.title())).findFirst();
    }

    /**
     * One row per dataset: {@code guid, title, status, accessLevel, modified, issued, keywords,
     * themes, licence, publisher, contact, email, apis, files, landingPage}. Dates are text as
     * written (ISO-8601 on uSmart, so they sort); keywords and themes are joined with {@code ", "};
     * {@code publisher} is {@link CatalogDataset#publisherName()}; {@code apis} and {@code files}
     * count the distributions of each kind. Named after the catalogue's title.
     */
    public Table table() {
        return Columns.of(datasets)
                .text("guid", CatalogDataset::guid)
                .text("title", CatalogDataset::title)
                .text("status", CatalogDataset::status)
                .text("accessLevel", CatalogDataset::accessLevel)
                .text("modified", CatalogDataset::modified)
                .text("issued", CatalogDataset::issued)
                .text("keywords", d -> String.join(", ", d.keywords()))
                .text("themes", d -> String.join(", ", d.themes()))
                .text("licence", CatalogDataset::licence)
                .text("publisher", CatalogDataset::publisherName)
                .text("contact", CatalogDataset::contactName)
                .text("email", CatalogDataset::contactEmail)
                .count("apis", d -> count(d, Distribution.Kind.API))
                .count("files", d -> count(d, Distribution.Kind.FILE))
                .text("landingPage", CatalogDataset::landingPage)
                .table(title == null ? "catalog" : title);
    }

    private static int count(CatalogDataset d, Distribution.Kind kind) {
        int n = 0;
        for (Distribution x : d.distributions()) {
            if (x.kind() == kind) {
                n++;
            }
        }
        return n;
    }

    private static final List<String> HEADERS = List.of("guid", "title", "status", "apis", "files");

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (CatalogDataset d : datasets) {
            rows.add(List.of(Render.str(d.guid()), Render.str(d.title()), Render.str(d.status()),
                    String.valueOf(count(d, Distribution.Kind.API)), String.valueOf(count(d, Distribution.Kind.FILE))));
        }
        return rows;
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-catalog\"><b>" + Html.escape(title == null ? "Catalogue" : title) + "</b> "
                + datasets.size() + " dataset(s)" + Render.htmlTable(HEADERS, rows()) + "</div>";
    }

    @Override
    public String toText() {
        return (title == null ? "Catalogue" : title) + " (" + datasets.size() + " datasets)\n" + Render.textTable(HEADERS, rows());
    }

    @Override
    public String toString() {
        return "Catalog[" + (title == null ? id : title) + ", " + datasets.size() + " datasets]";
    }
}

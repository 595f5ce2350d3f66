package io.github.usmartkit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Render;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An organisation's DCAT catalogue: its datasets, as a list and as a {@link #table()}.
 *
 * @param id        the catalogue's {@code @id} (holds the organisation GUID on uSmart)
 * @param title     title, or null
 * @param publisher publisher's name, or null
 * @param datasets  datasets listed
 * @param json      the JSON-LD as read
 */
public record Catalog(String id, String title, String publisher, List<CatalogDataset> datasets, JsonNode json)
        implements Displayable {

    public Catalog {
        datasets = List.copyOf(datasets);
    }

    /** The dataset with this GUID (identifier) or title. */
    public Optional<CatalogDataset> dataset(String guidOrTitle) {
        return datasets.stream().filter(d -> guidOrTitle.equals(d.guid()) || guidOrTitle.equals(d.title())).findFirst();
    }

    /** One row per dataset: guid, title, modified, keywords, distributions, landingPage. */
    public Table table() {
        return Columns.of(datasets)
                .text("guid", CatalogDataset::guid)
                .text("title", CatalogDataset::title)
                .text("modified", CatalogDataset::modified)
                .text("keywords", d -> String.join(", ", d.keywords()))
                .count("distributions", d -> d.distributions().size())
                .text("landingPage", CatalogDataset::landingPage)
                .table(title == null ? "catalog" : title);
    }

    private static final List<String> HEADERS = List.of("guid", "title", "modified", "distributions");

    private List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (CatalogDataset d : datasets) {
            rows.add(List.of(Render.str(d.guid()), Render.str(d.title()), Render.str(d.modified()),
                    String.valueOf(d.distributions().size())));
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

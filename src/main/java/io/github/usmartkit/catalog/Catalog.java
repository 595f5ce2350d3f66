package io.github.usmartkit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.TableStyle;
import tech.tablesaw.api.Table;

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

    private static final Columns<CatalogDataset> COLUMNS = Columns.<CatalogDataset>of()
            .text("guid", CatalogDataset::guid)
            .text("title", CatalogDataset::title)
            .text("modified", CatalogDataset::modified)
            .text("keywords", d -> String.join(", ", d.keywords()))
            .count("distributions", d -> d.distributions().size())
            .text("landingPage", CatalogDataset::landingPage);

    /** One row per dataset: guid, title, modified, keywords, distributions, landingPage. */
    public Table table() {
        return COLUMNS.table(title == null ? "catalog" : title, datasets);
    }

    private String summary() {
        return (title == null ? "Catalogue" : title) + ": " + TableStyle.count(datasets.size(), "dataset", "datasets")
                + (publisher == null ? "" : " published by " + publisher);
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-catalog\">" + TableStyle.html(table(), summary(), TableStyle.MAX_ROWS) + "</div>";
    }

    @Override
    public String toText() {
        return TableStyle.text(table(), summary(), TableStyle.MAX_ROWS);
    }

    /** The text view: what JShell shows when a catalogue is typed alone. */
    @Override
    public String toString() {
        return toText().stripTrailing();
    }
}

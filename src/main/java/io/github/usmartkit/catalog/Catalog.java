package io.github.usmartkit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.read.TextColumn;
import io.github.usmartkit.internal.render.TableStyle;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An organisation's DCAT catalogue as read: its datasets (with their distributions) and the
 * document itself; {@link #table()} gives the one-row-per-dataset table that
 * {@code USmart.catalog()} returns. Immutable. The document as a JSON tree ({@link #json()}) is
 * built on first use from the bytes read (a catalogue of thousands of datasets is a large tree).
 */
public final class Catalog implements Displayable {

    private static final Pattern ORG = Pattern.compile("/org/([0-9a-fA-F-]{36})/dcat");

    private final String id;
    private final String title;
    private final String description;
    private final String publisher;
    private final List<CatalogDataset> datasets;
    private final Supplier<JsonNode> document;
    private volatile JsonNode json;

    /**
     * @param id          the catalogue's {@code @id} (on uSmart its URL, holding the organisation GUID), or null
     * @param title       title, or null
     * @param description description, or null
     * @param publisher   the catalogue's publisher's name, or null (uSmart names none at this level)
     * @param datasets    datasets listed
     * @param json        the document as read
     */
    public Catalog(String id, String title, String description, String publisher, List<CatalogDataset> datasets, JsonNode json) {
        this(id, title, description, publisher, datasets, () -> json);
    }

    /** As the other constructor, with the document built when {@link #json()} is first called. */
    public Catalog(String id, String title, String description, String publisher, List<CatalogDataset> datasets,
                   Supplier<JsonNode> json) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.publisher = publisher;
        this.datasets = List.copyOf(datasets);
        this.document = Objects.requireNonNull(json);
    }

    /** The catalogue's {@code @id} (on uSmart its URL), or null. */
    public String id() {
        return id;
    }

    /** Its title, or null. */
    public String title() {
        return title;
    }

    /** Its description, or null. */
    public String description() {
        return description;
    }

    /** The catalogue's publisher's name, or null. */
    public String publisher() {
        return publisher;
    }

    /** The datasets listed, in the document's order. */
    public List<CatalogDataset> datasets() {
        return datasets;
    }

    /** The document as read, as a JSON tree (made on first call). */
    public JsonNode json() {
        JsonNode j = json;
        if (j == null) {
            synchronized (this) {
                j = json;
                if (j == null) {
                    j = document.get();
                    json = j;
                }
            }
        }
        return j;
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
     * count the distributions of each kind. Named after the catalogue's title. The columns that
     * name or describe one dataset ({@code guid}, {@code modified}, {@code issued},
     * {@code keywords}, {@code landingPage}) hold plain text rather than a dictionary of
     * categories (quicker to build for thousands of datasets; Tablesaw's {@code countByCategory}
     * does not apply to them); the others, drawn from a few values, are categories.
     */
    public Table table() {
        int n = datasets.size();
        String[] names = {"guid", "title", "status", "accessLevel", "modified", "issued", "keywords", "themes", "licence",
            "publisher", "contact", "email"};
        TextColumn[] text = new TextColumn[names.length];
        for (int c = 0; c < text.length; c++) {
            // what names or describes one dataset (its GUID, dates, keyword list) is plain text: no dictionary to build
            text[c] = new TextColumn(n, c == 0 || c == 4 || c == 5 || c == 6);
        }
        TextColumn landing = new TextColumn(n, true);
        IntColumn apis = IntColumn.create("apis");
        IntColumn files = IntColumn.create("files");
        for (CatalogDataset d : datasets) {
            text[0].append(d.guid());
            text[1].append(d.title());
            text[2].append(d.status());
            text[3].append(d.accessLevel());
            text[4].append(d.modified());
            text[5].append(d.issued());
            text[6].append(d.keywords().isEmpty() ? null : String.join(", ", d.keywords()));
            text[7].append(d.themes().isEmpty() ? null : String.join(", ", d.themes()));
            text[8].append(d.licence());
            text[9].append(d.publisherName());
            text[10].append(d.contactName());
            text[11].append(d.contactEmail());
            int a = 0;
            int f = 0;
            for (Distribution x : d.distributions()) {
                Distribution.Kind k = x.kind();
                a += k == Distribution.Kind.API ? 1 : 0;
                f += k == Distribution.Kind.FILE ? 1 : 0;
            }
            apis.append(a);
            files.append(f);
            landing.append(d.landingPage());
        }
        Column<?>[] columns = new Column<?>[names.length + 3];
        for (int c = 0; c < names.length; c++) {
            columns[c] = text[c].build(names[c]);
        }
        columns[names.length] = apis;
        columns[names.length + 1] = files;
        columns[names.length + 2] = landing.build("landingPage");
        return Table.create(title == null ? "catalog" : title, columns);
    }

    /** What a catalogue shows of itself: the columns that say which datasets there are and what they offer. */
    private Table shown() {
        return table().selectColumns("guid", "title", "status", "apis", "files");
    }

    private String summary() {
        return (title == null ? "Catalogue" : title) + ": " + TableStyle.count(datasets.size(), "dataset", "datasets")
                + (publisher == null ? "" : " published by " + publisher);
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-catalog\">" + TableStyle.html(shown(), summary(), TableStyle.MAX_ROWS) + "</div>";
    }

    @Override
    public String toText() {
        return TableStyle.text(shown(), summary(), TableStyle.MAX_ROWS);
    }

    /** Equal when they list the same datasets under the same id, title, description and publisher. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Catalog c && Objects.equals(id, c.id) && Objects.equals(title, c.title)
                && Objects.equals(description, c.description) && Objects.equals(publisher, c.publisher) && datasets.equals(c.datasets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, title, description, publisher, datasets);
    }

    /** The text view: what JShell shows when a catalogue is typed alone. */
    @Override
    public String toString() {
        return toText().stripTrailing();
    }
}

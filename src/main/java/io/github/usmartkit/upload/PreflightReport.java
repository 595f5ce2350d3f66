package io.github.usmartkit.upload;

import io.github.usmartkit.internal.render.TableStyle;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.internal.render.Bytes;
import tech.tablesaw.api.Table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the local check of a file (the preflight, made before any call) found: for a CSV, valid
 * UTF-8, its header, its rows counted while streaming, and which columns hold only numbers.
 *
 * @param file           the local file's name
 * @param format         {@code csv}, {@code json}, {@code geojson}, or {@code other} (not checked)
 * @param bytes          its size
 * @param rows           CSV rows after the header (blank lines skipped), or null for other formats
 * @param columns        the CSV header (a byte order mark dropped), empty for other formats
 * @param numericColumns the CSV columns with at least one value, every one a number
 * @param firstText      for each CSV column holding text, where its first non-numeric value is
 *                       ({@code line 7: "n/a"})
 */
public record PreflightReport(String file, String format, long bytes, Long rows, List<String> columns,
                              List<String> numericColumns, Map<String, String> firstText) implements Displayable {

    public PreflightReport {
        columns = List.copyOf(columns);
        numericColumns = List.copyOf(numericColumns);
        firstText = Collections.unmodifiableMap(new LinkedHashMap<>(firstText));
    }

    /** Whether the file was checked as a CSV. */
    public boolean csv() {
        return "csv".equals(format);
    }

    /** One row per CSV column: column, numeric, firstText. */
    public Table table() {
        return Columns.<String>of()
                .text("column", c -> c)
                .text("numeric", c -> numericColumns.contains(c) ? "yes" : "no")
                .text("firstText", firstText::get)
                .table("preflight of " + file, columns);
    }

    /** One sentence: what was checked and found. */
    public String summary() {
        return switch (format) {
            case "csv" -> file + ": CSV, valid UTF-8, " + rows + " row(s) × " + columns.size() + " column(s) ("
                    + String.join(", ", columns) + ")" + (numericColumns.isEmpty() ? "" : "; numeric: " + String.join(", ", numericColumns));
            case "json", "geojson" -> file + ": " + format.toUpperCase(java.util.Locale.ROOT) + ", parses (" + Bytes.format(bytes) + ")";
            default -> file + ": not checked (only CSV, JSON and GeoJSON are), " + Bytes.format(bytes);
        };
    }

    @Override
    public String toText() {
        return TableStyle.sentence(summary());
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-preflight\">" + Html.escape(summary()) + "</div>";
    }

    @Override
    public String toString() {
        return "PreflightReport[" + summary() + "]";
    }
}

package io.github.usmartkit.bulk;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.render.TableStyle;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a bulk run did, one {@link BulkLine} per line of the manifest, in manifest order.
 *
 * @param manifest the manifest's path, as given
 * @param lines    one result per line
 * @param took     how long the whole run took
 */
public record BulkReport(String manifest, List<BulkLine> lines, Duration took) implements Displayable {

    public BulkReport {
        lines = List.copyOf(lines);
    }

    /** Whether every line is done (published, unchanged or, in a dry run, planned). */
    public boolean ok() {
        return lines.stream().allMatch(BulkLine::ok);
    }

    /** The lines refused or failed. */
    public List<BulkLine> failed() {
        return lines.stream().filter(l -> !l.ok()).toList();
    }

    /** How many lines ended in each outcome, e.g. {@code {failed=1, published=3}}. */
    public Map<String, Long> counts() {
        return lines.stream().collect(Collectors.groupingBy(BulkLine::outcome, TreeMap::new, Collectors.counting()));
    }

    /** The columns shown as text, the errors following in full (they are too long for a cell). */
    private static final Columns<BulkLine> SHORT = Columns.<BulkLine>of()
            .number("line", l -> (long) l.line())
            .text("dataset", BulkLine::datasetGuid)
            .text("file", BulkLine::fileGuid)
            .text("outcome", BulkLine::outcome)
            .number("revision", BulkLine::revision)
            .number("rows", BulkLine::rows)
            .text("duration", l -> seconds(l.took()));

    private static final Columns<BulkLine> COLUMNS = SHORT.text("error", BulkLine::error).text("note", BulkLine::note);

    private static String seconds(Duration d) {
        return d == null ? null : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** One row per line: line, dataset, file, outcome, revision, rows, duration, error, note. */
    public Table table() {
        return COLUMNS.table("bulk " + manifest, lines);
    }

    /** One sentence: how many lines, and how each ended. */
    public String summary() {
        String each = counts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return "bulk " + manifest + ": " + TableStyle.count(lines.size(), "line", "lines") + (lines.isEmpty() ? "" : ": " + each)
                + " in " + seconds(took);
    }

    /** The summary, then every line (a run's table is never cut short), then each error in full. */
    @Override
    public String toText() {
        StringBuilder sb = new StringBuilder(TableStyle.sentence(summary())).append('\n');
        if (!lines.isEmpty()) {
            sb.append(TableStyle.text(SHORT.table("bulk " + manifest, lines), null, lines.size()));
        }
        for (BulkLine l : lines) {
            if (l.error() != null) {
                sb.append('\n').append("line ").append(l.line()).append(' ').append(l.outcome()).append(": ").append(l.error());
            }
            if (l.note() != null) {
                sb.append('\n').append("line ").append(l.line()).append(" note: ").append(l.note());
            }
        }
        return sb.toString();
    }

    @Override
    public String toHtml() {
        return "<div class=\"usmart-bulk\">" + TableStyle.html(table(), summary(), Math.max(1, lines.size())) + "</div>";
    }

    @Override
    public String toString() {
        return summary();
    }
}

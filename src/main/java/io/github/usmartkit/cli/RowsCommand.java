package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.render.TableStyle;
import io.github.usmartkit.read.RowQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code usmart rows RC [--query Q] [--limit N] [--csv]}: what a pipeline publishes, through the read API. */
@Command(name = "rows", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read the rows a pipeline publishes: a table, CSV or JSON."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class RowsCommand extends KitCommand {

    @Parameters(index = "0", paramLabel = "RC", description = "The pipeline's resource container GUID (`usmart status DATASET` lists them).")
    String rc;

    @Option(names = "--query", paramLabel = "URQL", description = "Filters, e.g. 'site=North Park' or 'site=North%%20Park&no2=21.5' "
            + "(column=value terms joined by &).")
    String query;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N rows (default ${DEFAULT-VALUE}; -1: all).")
    int limit;

    @Option(names = "--csv", description = "Print the rows as CSV, as the read API serves them.")
    boolean csv;

    @Override
    boolean writes() {
        return false;
    }

    @Override
    Result run(Connection c, Context ctx) {
        RowQuery q = filtered(c.usmart().read(rc).limit(limit), query);
        if (csv) {
            String text = q.csv();
            ObjectNode json = Json.object().put("csv", text);
            return Result.data(text, json);
        }
        if (output.json) {
            JsonNode rows = q.json();
            return Result.data(null, Json.object().put("resourceContainerGUID", rc).put("count", rows.size()).set("rows", rows));
        }
        Table t = q.table();
        return Result.data(TableStyle.text(t, TableStyle.caption(t), Math.max(1, t.rowCount())), null);
    }

    /**
     * The filters of {@code --query}: {@code column=value} terms joined by {@code &} (values may be
     * URL-encoded), each one the library's {@code where(column, value)}.
     */
    static RowQuery filtered(RowQuery q, String query) {
        if (query == null || query.isBlank()) {
            return q;
        }
        RowQuery out = q;
        for (String term : query.split("&")) {
            if (term.isBlank()) {
                continue;
            }
            int eq = term.indexOf('=');
            String column = eq <= 0 ? null : term.substring(0, eq).strip();
            String value = eq <= 0 ? null : term.substring(eq + 1);
            if (column == null || value.startsWith("=") || value.matches("^[a-z]+=.*") || column.contains("(") || value.isEmpty()) {
                throw new BadRequestException(Failure.of("urql", null, "the query term '" + term + "' is not column=value",
                        "Give filters as column=value joined by &, e.g. --query 'site=North Park&no2=21.5' (each term keeps the rows"
                                + " whose column equals the value; an & inside a value is written %26, as in 'name=Bob%26Sons');"
                                + " other operators (less than, …) are only in `usmart shell` so far"));
            }
            out = out.where(URLDecoder.decode(column, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }
}

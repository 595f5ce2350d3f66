package io.github.usmartkit.cli;

import io.github.usmartkit.internal.config.SettingsResolver;
import io.github.usmartkit.internal.history.History;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.render.TableStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

import java.nio.file.Path;

/** {@code usmart history [--limit N]}: the kit's local record of its writes. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the writes the kit made, newest first (no call).",
                "%nRead from ~/.usmart/history.jsonl (USMART_HISTORY moves it), dry runs included; with --sandbox-url, the history of rehearsals against a running sandbox."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class HistoryCommand extends KitCommand {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "The N newest writes (default ${DEFAULT-VALUE}; -1: all).")
    int limit;

    @Override
    boolean writes() {
        return false;
    }

    @Override
    Connection connection(Context ctx) {
        return null; // a local file: no session, no credentials needed
    }

    @Override
    Result run(Connection c, Context ctx) {
        if (connect.sandbox || Connection.sandboxAsked(connect, ctx) != null) {
            throw new io.github.usmartkit.error.ConfigurationException(io.github.usmartkit.error.Failure.of("history", null,
                    "a sandbox in this process keeps its history only while it runs", "Leave out --sandbox (and USMART_SANDBOX) to read "
                            + "the history of writes to uSmart, or give --sandbox-url URL for rehearsals against a running sandbox"));
        }
        Path file = connect.sandboxUrl != null ? Connection.sandboxHistory(ctx)
                : History.location(ctx.env(), SettingsResolver.userHome(ctx.env()));
        Table all = file == null ? History.off().table() : History.at(file).table();
        Table t = limit < 0 || all.rowCount() <= limit ? all : all.first(limit);
        String where = file == null ? "no history (no home folder)" : file.toString();
        String text = all.rowCount() == 0 ? "history " + where + ": no writes recorded yet (publish, replace, add and refresh"
                + " record theirs here)\n"
                : TableStyle.text(t, "history " + where + ": " + TableStyle.count(all.rowCount(), "write", "writes")
                        + (t.rowCount() < all.rowCount() ? ", newest " + t.rowCount() + " shown" : ""), Math.max(1, t.rowCount()));
        return Result.data(text,
                Json.object().put("file", file == null ? null : file.toString()).put("count", all.rowCount())
                        .set("writes", Documents.table(t)));
    }
}

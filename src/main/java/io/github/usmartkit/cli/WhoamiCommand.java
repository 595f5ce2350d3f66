package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.USmart;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.json.Json;
import picocli.CommandLine.Command;

/** {@code usmart whoami}: where the kit is connected, with which key, and whether the key works. */
@Command(name = "whoami", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Say where the kit is connected, and whether the keys work.",
                "%nThe URL, the organisation, the key id (shortened) and where the settings came from; then one read call (the private catalogue) to check the keys. Exit 2 if they are refused."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class WhoamiCommand extends KitCommand {

    @Override
    boolean writes() {
        return false;
    }

    @Override
    Result run(Connection c, Context ctx) {
        USmart s = c.usmart();
        ObjectNode json = Json.object().put("url", s.baseUrl()).put("readUrl", s.readUrl()).put("organisation", s.org())
                .put("keyId", Keys.shorten(s.settings().key().id())).put("sandbox", c.sandbox())
                .put("source", c.sandbox() && connect.sandboxUrl == null ? "sandbox" : s.settings().source());
        StringBuilder text = new StringBuilder();
        text.append("connected to  ").append(c.sandbox() ? "SANDBOX " : "").append(s.baseUrl())
                .append(s.readUrl().equals(s.baseUrl()) ? "" : " (read API " + s.readUrl() + ")").append('\n');
        text.append("organisation  ").append(s.org());
        try {
            Catalog cat = s.dcat(USmart.Visibility.PRIVATE);
            String name = cat.publisher() != null ? cat.publisher() : cat.title();
            text.append(name == null ? "" : " (" + name + ")").append('\n');
            text.append("key           ").append(Keys.shorten(s.settings().key().id())).append(source(json)).append('\n');
            text.append("keys work     yes: the private catalogue lists ").append(cat.datasets().size()).append(" dataset(s)\n");
            json.put("keysWork", true).put("publisher", name).put("datasets", cat.datasets().size());
            return Result.data(text.toString(), json);
        } catch (USmartException e) {
            text.append('\n').append("key           ").append(Keys.shorten(s.settings().key().id())).append(source(json)).append('\n');
            text.append("keys work     NO: ").append(e.getMessage()).append('\n');
            json.put("keysWork", false);
            json.set("error", Documents.error(e));
            Reports.failure(ctx, name(), false, e, null);
            return Result.data(text.toString(), json).exit(ExitCodes.of(e));
        }
    }

    private static String source(ObjectNode json) {
        String src = json.path("source").asText("");
        return src.isEmpty() ? "" : " (from " + src + ")";
    }
}

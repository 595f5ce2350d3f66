package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.USmart;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.internal.catalog.DcatReader;
import io.github.usmartkit.internal.config.SettingsResolver;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.render.TableStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code usmart catalog [--public] [--url URL]}: an organisation's DCAT catalogue as a table. */
@Command(name = "catalog", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the datasets of an organisation's DCAT catalogue.",
                "%nThe private catalogue (every dataset) unless --public (what anyone sees). --url reads the public catalogue at a DCAT URL, e.g. another organisation's, without keys."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class CatalogCommand extends KitCommand {

    @Option(names = "--public", description = "The public catalogue (what anyone sees) instead of the private one.")
    boolean publicOnly;

    @Option(names = "--url", paramLabel = "URL", description = "A DCAT URL as the uSmart UI shows it "
            + "(https://data.usmart.io/org/GUID/dcat/public), read without keys.")
    String url;

    @Override
    boolean writes() {
        return false;
    }

    @Override
    Connection connection(Context ctx) {
        // A public catalogue at a URL needs no keys, so no credentials: anyone may list one.
        return url != null ? null : super.connection(ctx);
    }

    private static final java.util.List<String> TEXT_COLUMNS = java.util.List.of("guid", "title", "status", "accessLevel", "modified");

    @Override
    Result run(Connection c, Context ctx) {
        Catalog catalog = c == null ? atUrl(url)
                : c.usmart().dcat(publicOnly ? USmart.Visibility.PUBLIC : USmart.Visibility.PRIVATE);
        Table t = catalog.table();
        ObjectNode json = Json.object().put("title", catalog.title()).put("publisher", catalog.publisher())
                .put("count", catalog.datasets().size());
        json.set("datasets", Documents.table(t));
        String caption = (catalog.title() == null ? "catalogue" : catalog.title()) + ": "
                + TableStyle.count(catalog.datasets().size(), "dataset", "datasets");
        // the text keeps to the columns a person scans for (titles then fit); --json has every column
        Table shown = t.selectColumns(TEXT_COLUMNS.stream().filter(t::containsColumn).toArray(String[]::new));
        return Result.data(TableStyle.text(shown, caption, Math.max(1, t.rowCount())), json);
    }

    /** The public catalogue at a DCAT URL, one GET without keys (the kit's session would send them). */
    static Catalog atUrl(String url) {
        String org = SettingsResolver.orgFromDcatUrl(url); // refuses a URL that is not an organisation's DCAT
        String u = SettingsResolver.checkUrl("DCAT URL", url);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(60)).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> res;
        try {
            res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TransportException(Failure.of("dcat", org, "cannot read " + u + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), "Check the URL and the network, then try again"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(Failure.of("dcat", org, "interrupted while reading " + u, "Try again"), e);
        }
        if (res.statusCode() == 404) {
            throw new NotFoundException(Failure.of("dcat", org, "there is no catalogue at " + u,
                    "Copy the DCAT URL from the organisation's page on uSmart").withStatus(404));
        }
        if (res.statusCode() != 200) {
            throw new ServiceException(Failure.of("dcat", org, "reading " + u + " answered HTTP " + res.statusCode(),
                    res.statusCode() == 401 || res.statusCode() == 403 ? "That catalogue is not public: read your own with `usmart catalog`"
                            : "Try again later").withStatus(res.statusCode()));
        }
        JsonNode root;
        try {
            root = Json.tree(res.body());
        } catch (IOException e) {
            throw new ServiceException(Failure.of("dcat", org, "the answer of " + u + " is not JSON", "Check that it is a DCAT URL"), e);
        }
        return DcatReader.read(root);
    }
}

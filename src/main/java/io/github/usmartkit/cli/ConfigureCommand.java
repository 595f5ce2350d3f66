package io.github.usmartkit.cli;

import io.github.usmartkit.USmart;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.config.CredentialsFile;
import io.github.usmartkit.internal.config.SettingsResolver;
import io.github.usmartkit.internal.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code usmart configure [--profile P]}: asks for the organisation and the key, checks them, writes the credentials file. */
@Command(name = "configure", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Set up the keys in ~/.usmart/credentials (mode 600).",
                "%nAsks for the organisation (its GUID, or the DCAT URL the uSmart UI shows), the key id and its secret (not echoed; read from standard input when there is no terminal), checks them with one read call, and writes the profile into ~/.usmart/credentials, owner-only from its creation. Keys are made in uSmart under Profile > Settings. Nothing is written if the keys are refused."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FAILED, ExitCodes.HELP_USAGE})
final class ConfigureCommand extends KitCommand {

    @Option(names = "--base-url", paramLabel = "URL", description = "The control plane, if not " + SettingsResolver.DEFAULT_BASE_URL + ".")
    String baseUrl;

    @Option(names = "--read-url", paramLabel = "URL", description = "The read API, if not " + SettingsResolver.DEFAULT_READ_URL + ".")
    String readUrl;

    @Option(names = "--no-check", description = "Write the profile without checking the keys (e.g. offline).")
    boolean noCheck;

    private BufferedReader stdin;

    @Override
    boolean writes() {
        return false;
    }

    @Override
    Connection connection(Context ctx) {
        return null; // it makes the credentials; it does not need them
    }

    @Override
    Result run(Connection none, Context ctx) {
        if (connect.sandbox) {
            throw new ConfigurationException(Failure.of("configure", null, "--sandbox needs no keys (it makes its own)",
                    "Leave it out to set up keys for uSmart, or give --sandbox-url URL to store a running sandbox's"), null,
                    java.util.List.of("--sandbox"));
        }
        String profile = connect.profile != null ? connect.profile : ctx.env().getOrDefault("USMART_PROFILE", "default");
        if (!profile.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigurationException(Failure.of("configure", null, "the profile name '" + profile + "' is not letters, digits, '.', '_' or '-'",
                    "Give e.g. --profile nightly"), null, java.util.List.of("--profile"));
        }
        String base = connect.sandboxUrl != null ? connect.sandboxUrl : baseUrl;
        String read = connect.sandboxUrl != null ? connect.sandboxUrl : readUrl;
        base = base == null ? null : SettingsResolver.checkUrl("base URL", base);
        read = read == null ? null : SettingsResolver.checkUrl("read URL", read);
        Path home = SettingsResolver.userHome(ctx.env());
        if (home == null) {
            throw new ConfigurationException(Failure.of("configure", null, "there is no home folder to keep the credentials in (HOME is not set)",
                    "Set HOME, or give the settings as USMART_* environment variables instead"), null, java.util.List.of("HOME"));
        }
        Path file = CredentialsFile.defaultLocation(home);
        ctx.err().println("usmart configure: profile [" + profile + "] of " + file + (base == null ? "" : ", service " + base));

        String orgAnswer = ask(ctx, "Organisation (its GUID, or the DCAT URL the uSmart UI shows): ", false);
        String org = orgAnswer.contains("/") ? SettingsResolver.orgFromDcatUrl(orgAnswer) : SettingsResolver.checkOrg(orgAnswer);
        String id = ask(ctx, "API key id: ", false);
        SettingsResolver.checkHeaderValue("API key id", id);
        String secret = ask(ctx, "API key secret (not shown): ", true);
        SettingsResolver.checkHeaderValue("API key secret", secret);

        String checked = "not checked (--no-check)";
        Integer datasets = null;
        if (!noCheck) {
            USmart.Builder b = USmart.builder().environment(Map.of()).home(null).history(null).org(org).apiKey(id, secret);
            if (base != null) {
                b.baseUrl(base);
            }
            if (read != null) {
                b.readUrl(read);
            }
            try (USmart s = b.connect()) {
                Catalog cat = s.dcat(USmart.Visibility.PRIVATE);
                datasets = cat.datasets().size();
                String name = cat.publisher() != null ? cat.publisher() : cat.title();
                checked = "the keys work: " + (name == null ? "" : name + ", ") + datasets + " dataset(s) in the private catalogue";
            } catch (USmartException e) {
                Failure f = e.failure().withWhat("the keys were not accepted, so nothing was written: " + e.what())
                        .withWhatToDo((e.whatToDo().isEmpty() ? "" : e.whatToDo() + "; ")
                                + "then run `usmart configure` again, or add --no-check to write them unchecked");
                // Refused keys, organisation or role are configuration (exit 2); an unreachable service is a failure (exit 1).
                if (ExitCodes.of(e) == ExitCodes.USAGE || e instanceof io.github.usmartkit.error.NotFoundException) {
                    throw new ConfigurationException(f, e);
                }
                throw new io.github.usmartkit.error.TransportException(f.withWhat("the keys could not be checked, so nothing was written: "
                        + e.what()), e);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("org", org);
        values.put("api_key_id", id);
        values.put("api_key_secret", secret);
        if (base != null) {
            values.put("base_url", base);
        }
        if (read != null) {
            values.put("read_url", read);
        }
        try {
            CredentialsWriter.write(file, profile, values);
        } catch (IOException e) {
            throw new ConfigurationException(Failure.of("configure", null, "cannot write " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), "Check the folder " + file.getParent()
                    + " (ls -ld), or give the settings as USMART_* environment variables instead"), e);
        }
        String text = "wrote profile [" + profile + "] to " + file + " (mode 600): " + checked
                + (profile.equals("default") ? "" : "\nuse it with --profile " + profile + " or USMART_PROFILE=" + profile);
        return Result.report(text, Json.object().put("file", file.toString()).put("profile", profile).put("organisation", org)
                .put("keyId", Keys.shorten(id)).put("checked", !noCheck).put("datasets", datasets));
    }

    /** One answer: from the console when there is one (a secret not echoed), else the next line of standard input. */
    private String ask(Context ctx, String prompt, boolean secret) {
        Console console = ctx.process() ? System.console() : null;
        String answer;
        if (console != null) {
            if (secret) {
                char[] chars = console.readPassword("%s", prompt);
                answer = chars == null ? null : new String(chars);
                if (chars != null) {
                    java.util.Arrays.fill(chars, '\0');
                }
            } else {
                answer = console.readLine("%s", prompt);
            }
        } else {
            ctx.err().print(prompt);
            ctx.err().flush();
            try {
                if (stdin == null) {
                    stdin = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
                }
                answer = stdin.readLine();
            } catch (IOException e) {
                answer = null;
            }
            ctx.err().println();
        }
        if (answer == null || answer.isBlank()) {
            throw new ConfigurationException(Failure.of("configure", null, "no answer to '" + prompt.strip() + "'"
                    + (console == null ? " on standard input" : ""), "Give one: " + (secret ? "the key's secret" : prompt.contains("id")
                    ? "the key id uSmart shows under Profile > Settings" : "the organisation GUID or its DCAT URL") + "; nothing was written"));
        }
        return answer.strip();
    }
}

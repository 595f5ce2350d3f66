package io.github.usmartkit.cli;

import io.github.usmartkit.Kit;
import io.github.usmartkit.USmart;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.config.SettingsResolver;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which uSmart a command talks to, decided once: the local sandbox only when asked for
 * ({@code --sandbox}, {@code USMART_SANDBOX=1}, or {@code --sandbox-url} for a running one),
 * otherwise the credentials the kit finds ({@code USMART_*} variables, then the profile of
 * {@code ~/.usmart/credentials} under {@code HOME}: {@link SettingsResolver}, the kit's one place).
 * Without any credentials a command exits 2, naming both ways out; only the interactive shell and
 * notebook fall back to the sandbox, saying so.
 *
 * @param usmart  the session (no call made yet)
 * @param sandbox whether it is a sandbox (in this process, or the one at {@code --sandbox-url})
 * @param target  where it is connected, in a few words (for people)
 */
record Connection(USmart usmart, boolean sandbox, String target) implements AutoCloseable {

    /** The demo organisation every sandbox serves (its GUID is fixed: see the README's demo organisation). */
    static final String DEMO_ORG = "7e8c0232-dab2-4937-8a70-335c712a135b";

    /** Where the sandbox was asked for, if it was; else null. */
    static String sandboxAsked(ConnectOptions o, Context ctx) {
        if (o.sandbox) {
            return "--sandbox";
        }
        if (ctx.flag("USMART_SANDBOX")) {
            return "USMART_SANDBOX=1";
        }
        return null;
    }

    /**
     * Opens the session for a command that runs unattended (every subcommand, a script).
     *
     * @throws ConfigurationException when there are no credentials (naming {@code usmart configure}
     *                                and {@code --sandbox}), or the ones found are incomplete or unsafe
     */
    static Connection open(ConnectOptions o, Context ctx) {
        if (o.sandbox && o.sandboxUrl != null) {
            throw new ConfigurationException(Failure.of("connect", null, "--sandbox and --sandbox-url both given",
                    "Give one: --sandbox starts a sandbox in this process, --sandbox-url URL uses a running one"), null,
                    List.of("--sandbox", "--sandbox-url"));
        }
        if (o.sandboxUrl != null) {
            return running(o.sandboxUrl, ctx);
        }
        if (sandboxAsked(o, ctx) != null) {
            USmart s = Kit.sandbox();
            return new Connection(s, true, "the local SANDBOX at " + s.baseUrl() + " (nothing here reaches uSmart)");
        }
        Path home = SettingsResolver.userHome(ctx.env());
        if (!SettingsResolver.configured(ctx.env(), home)) {
            throw noCredentials(home);
        }
        USmart s = USmart.builder().environment(ctx.env()).home(home).profile(o.profile).connect();
        Kit.use(s);
        return new Connection(s, false, "organisation " + s.org() + " at " + s.baseUrl());
    }

    /** The refusal when nothing at all is set up: both ways out, and where the kit looked. */
    static ConfigurationException noCredentials(Path home) {
        String file = home == null ? "~/.usmart/credentials" : io.github.usmartkit.internal.config.CredentialsFile.defaultLocation(home).toString();
        return new ConfigurationException(Failure.of("connect", null, "no uSmart credentials: none of USMART_ORG, USMART_API_KEY_ID, "
                        + "USMART_API_KEY_SECRET is set and there is no " + file + " (the kit never falls back to the sandbox "
                        + "when it runs unattended: a job must not report a publish that never happened)",
                "Run `usmart configure` to set up the keys, or add --sandbox (or USMART_SANDBOX=1) to rehearse against a local sandbox"), null,
                List.of("USMART_ORG", "USMART_API_KEY_ID", "USMART_API_KEY_SECRET", file));
    }

    /** A running sandbox at {@code url}: its keys (and organisation, if not the demo one) from the environment only. */
    private static Connection running(String url, Context ctx) {
        String base = SettingsResolver.checkUrl("sandbox URL", url);
        Map<String, String> env = new HashMap<>(ctx.env());
        env.remove("USMART_BASE_URL");
        env.remove("USMART_READ_URL");
        env.putIfAbsent("USMART_ORG", DEMO_ORG);
        USmart s;
        try {
            // Never the credentials file: its keys are for uSmart, not for a sandbox.
            s = USmart.builder().environment(env).home(null).baseUrl(base).readUrl(base)
                    .history(sandboxHistory(ctx)).connect();
        } catch (ConfigurationException e) {
            throw new ConfigurationException(Failure.of("connect", null, "--sandbox-url needs the sandbox's Provider key in "
                    + "USMART_API_KEY_ID and USMART_API_KEY_SECRET", "Start it with `usmart sandbox --env-file sandbox.env` and "
                    + "load that file first (set -a; . ./sandbox.env; set +a), or use --sandbox for one in this process"), e,
                    List.of("USMART_API_KEY_ID", "USMART_API_KEY_SECRET"));
        }
        Kit.use(s);
        return new Connection(s, true, "the SANDBOX at " + base + " (nothing here reaches uSmart)");
    }

    /** Rehearsals against a running sandbox keep their own history, apart from the writes to uSmart. */
    static Path sandboxHistory(Context ctx) {
        String moved = ctx.env().get("USMART_HISTORY");
        if (moved != null && !moved.isBlank()) {
            return Path.of(moved);
        }
        Path home = SettingsResolver.userHome(ctx.env());
        return home == null ? null : home.resolve(".usmart").resolve("sandbox-history.jsonl");
    }

    @Override
    public void close() {
        Kit.close();
    }
}

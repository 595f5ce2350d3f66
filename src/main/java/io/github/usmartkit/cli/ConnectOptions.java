package io.github.usmartkit.cli;

import picocli.CommandLine.Option;

/** {@code --profile}, {@code --sandbox}, {@code --sandbox-url}: which uSmart a command talks to. */
final class ConnectOptions {

    @Option(names = "--profile", paramLabel = "P",
            description = "The profile of ~/.usmart/credentials (default: USMART_PROFILE, else 'default').")
    String profile;

    @Option(names = "--sandbox", description = "Rehearse against a local sandbox in this process (a fresh demo "
            + "organisation; nothing reaches uSmart). USMART_SANDBOX=1 does the same.")
    boolean sandbox;

    @Option(names = "--sandbox-url", paramLabel = "URL", description = "A running sandbox (`usmart sandbox --env-file F`), "
            + "its Provider key from the environment (set -a; . F; set +a).")
    String sandboxUrl;
}

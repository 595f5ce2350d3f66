package io.github.usmartkit.error;

import java.util.List;
import java.util.Optional;

/**
 * Settings are missing or unusable: no keys, no organisation, an unsafe credentials file, a bad URL, a malformed secret.
 * {@link #settings()} names which, so that a program (or a test) need not read the message.
 */
public class ConfigurationException extends USmartException {

    private final List<String> settings;

    public ConfigurationException(Failure failure) {
        this(failure, null);
    }

    public ConfigurationException(Failure failure, Throwable cause) {
        this(failure, cause, List.of());
    }

    /**
     * @param settings the settings that were wrong or missing, named as {@link #settings()} says; never their values
     */
    public ConfigurationException(Failure failure, Throwable cause, List<String> settings) {
        super(failure, cause);
        this.settings = List.copyOf(settings);
    }

    /**
     * The settings that were wrong or missing, each named as it is set: the environment variable
     * for a connection setting wherever it was given ({@code USMART_ORG}, {@code USMART_API_KEY_ID},
     * {@code USMART_API_KEY_SECRET}, {@code USMART_BASE_URL}, {@code USMART_READ_URL}), the path of
     * the credentials file for a problem with the file itself, the builder method
     * ({@code USmart.builder().proxy}, …) for a Java argument, or the command line's option
     * ({@code --profile}) or environment variable ({@code HOME}) for one of its own. Names only: a value, a secret above
     * all, is never carried. Empty when the failure is not about one setting (a closed session, a
     * redirect).
     */
    public List<String> settings() {
        return settings;
    }

    /** The first of {@link #settings()}, if any. */
    public Optional<String> setting() {
        return settings.stream().findFirst();
    }
}

package io.github.usmartkit.error;

/** Settings are missing or unusable: no keys, no organisation, an unsafe credentials file, a bad URL, a malformed secret. */
public class ConfigurationException extends USmartException {

    public ConfigurationException(Failure failure) {
        super(failure, null);
    }

    public ConfigurationException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

package io.github.usmartkit.error;

/** Settings are missing or unusable: no keys, no organisation, an unsafe credentials file, a bad URL. */
public class ConfigurationException extends USmartException {

    public ConfigurationException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

package io.github.usmartkit.error;

/** No usable answer arrived: connection refused or reset, DNS, TLS, proxy, or a timeout. */
public class TransportException extends USmartException {

    public TransportException(String message, Failure failure, Throwable cause) {
        super(message, failure, cause);
    }
}

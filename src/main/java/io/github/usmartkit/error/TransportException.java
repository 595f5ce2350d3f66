package io.github.usmartkit.error;

/** No usable answer arrived: connection refused or reset, DNS, TLS, proxy, a timeout, or the call's deadline passed. */
public class TransportException extends USmartException {

    public TransportException(Failure failure) {
        super(failure, null);
    }

    public TransportException(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}

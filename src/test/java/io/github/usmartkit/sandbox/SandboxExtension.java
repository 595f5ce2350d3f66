package io.github.usmartkit.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.UnaryOperator;

/**
 * The one way tests get a sandbox for a whole test class: started before the first test with the
 * given settings and an in-memory request log, its queued faults dropped after each test, its log
 * forgotten before each, closed after the last.
 * <pre>{@code
 * @RegisterExtension
 * static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(20)));
 * }</pre>
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final UnaryOperator<Sandbox.Builder> configure;
    private final RequestLog log = new RequestLog();
    private Sandbox sandbox;

    /** A sandbox with the default settings. */
    public SandboxExtension() {
        this(b -> b);
    }

    /** A sandbox with the settings {@code configure} makes. */
    public SandboxExtension(UnaryOperator<Sandbox.Builder> configure) {
        this.configure = configure;
    }

    /** The running sandbox. */
    public Sandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("the sandbox starts before the first test of the class; register this as a static @RegisterExtension");
        }
        return sandbox;
    }

    /** The requests the sandbox answered since the current test began. */
    public RequestLog log() {
        return log;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = configure.apply(Sandbox.builder().requestLog(log.out())).start();
        Sandbox sb = sandbox;
        log.settledWhen(() -> sb.inFlight() == 0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sandbox.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        log.reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sandbox.faults().clear();
    }
}

package io.github.usmartkit.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic fault injection into a running {@link Sandbox}. Routes are action names such as
 * {@code "file:create"}, or {@code "PUT"} (object store), {@code "urql"} (read API),
 * {@code "dcat"} and {@code "resource"} (file download). Queued faults are consumed in order,
 * one per matching request, before any random fault of the {@code --faults} spec is drawn.
 */
public final class SandboxFaults {

    /** What the server does with one request. */
    record Fault(Kind kind, int status, Duration delay) {
        enum Kind { FAIL, RESET, SLOW }
    }

    private final Map<String, Deque<Fault>> queued = new HashMap<>();
    private int expiredUrls;
    private final FaultSpec spec;
    private final Random random;

    SandboxFaults(FaultSpec spec) {
        this.spec = spec;
        this.random = new Random(spec.seed());
    }

    /**
     * The next {@code times} requests to {@code route} are answered with {@code status}
     * (429 adds {@code Retry-After: 1}) without doing anything.
     */
    public synchronized SandboxFaults failNext(String route, int status, int times) {
        checkRoute(route);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an error status 400..599, not " + status);
        }
        checkTimes(times);
        for (int i = 0; i < times; i++) {
            queued.computeIfAbsent(route, r -> new ArrayDeque<>()).add(new Fault(Fault.Kind.FAIL, status, Duration.ZERO));
        }
        return this;
    }

    /**
     * The next {@code times} requests to {@code route} get a 200 with a declared
     * {@code Content-Length}, part of the body, then the connection is closed.
     * Nothing is done for them (a PUT stores nothing).
     */
    public synchronized SandboxFaults resetNext(String route, int times) {
        checkRoute(route);
        checkTimes(times);
        for (int i = 0; i < times; i++) {
            queued.computeIfAbsent(route, r -> new ArrayDeque<>()).add(new Fault(Fault.Kind.RESET, 200, Duration.ZERO));
        }
        return this;
    }

    /** The next {@code n} signed URLs from {@code s3:generatePutRequest} are already expired. */
    public synchronized SandboxFaults expireNextUrls(int n) {
        checkTimes(n);
        expiredUrls += n;
        return this;
    }

    /** Drops every queued fault (the random {@code --faults} spec stays in force). */
    public synchronized SandboxFaults clear() {
        queued.clear();
        expiredUrls = 0;
        return this;
    }

    /** The random fault spec in force, {@code "off"} when none. */
    public String spec() {
        return spec.text();
    }

    synchronized Fault next(String route) {
        Deque<Fault> q = queued.get(route);
        if (q != null && !q.isEmpty()) {
            return q.poll();
        }
        if (!spec.active() || !spec.covers(route)) {
            return null;
        }
        double r = random.nextDouble();
        double edge = spec.serverErrors();
        if (r < edge) {
            int[] statuses = {500, 502, 503};
            return new Fault(Fault.Kind.FAIL, statuses[random.nextInt(3)], Duration.ZERO);
        }
        if (r < (edge += spec.tooMany())) {
            return new Fault(Fault.Kind.FAIL, 429, Duration.ZERO);
        }
        if (r < (edge += spec.reset())) {
            return new Fault(Fault.Kind.RESET, 200, Duration.ZERO);
        }
        if (r < edge + spec.slow()) {
            return new Fault(Fault.Kind.SLOW, 200, spec.delay());
        }
        return null;
    }

    synchronized boolean nextUrlExpired() {
        if (expiredUrls > 0) {
            expiredUrls--;
            return true;
        }
        return spec.expire() > 0 && random.nextDouble() < spec.expire();
    }

    private static void checkRoute(String route) {
        if (route == null || route.isBlank()) {
            throw new IllegalArgumentException("route must name an action such as \"file:create\", or \"PUT\", \"urql\", \"dcat\"");
        }
    }

    private static void checkTimes(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, not " + times);
        }
    }

    @Override
    public String toString() {
        return "SandboxFaults[spec=" + spec.text() + "]";
    }
}

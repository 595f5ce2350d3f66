package io.github.usmartkit.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic fault injection into a running {@link Sandbox}. Routes are action names such as
 * {@code "file:create"}, or {@code "PUT"} (object store), {@code "urql"} (read API),
 * {@code "dcat"} and {@code "resource"} (file download). Queued faults are consumed in order,
 * one per matching request, before any random fault of the {@code --faults} spec is drawn.
 *
 * <p>{@link #failNext} and {@link #resetNext} answer without doing anything; {@link #applyThenFail}
 * and {@link #applyThenReset} carry the request out first and then lose its answer, the case in
 * which a client cannot tell whether its action landed.
 *
 * <p>{@link #injected()} counts every fault injected so far, queued or random, by what the
 * client met; the request log ({@code --log}) shows the same on each request's line.
 */
public final class SandboxFaults {

    /** What a client met because of an injected fault; {@link #injected()} counts them. */
    public enum Injected {
        /** An error status (500, 502, 503, or a 4xx of {@link #failNext}) instead of the answer; nothing was done. */
        ERROR,
        /** 429 with {@code Retry-After: 1}; nothing was done. */
        TOO_MANY_REQUESTS,
        /** A 200 whose body was cut short and the connection closed; nothing was done. */
        RESET,
        /** The answer, after the fault spec's delay. */
        SLOW,
        /** A signed URL from {@code s3:generatePutRequest} that had already expired. */
        EXPIRED_URL,
        /** The request was carried out, then answered with a server error instead of its result. */
        LOST_ERROR,
        /** The request was carried out, then its answer was cut short and the connection closed. */
        LOST_RESET
    }

    /** What the server does with one request. */
    record Fault(Kind kind, int status, Duration delay) {
        enum Kind { FAIL, RESET, SLOW, APPLY_THEN_FAIL, APPLY_THEN_RESET }

        /** Whether the request is carried out before the fault replaces its answer. */
        boolean afterwards() {
            return kind == Kind.APPLY_THEN_FAIL || kind == Kind.APPLY_THEN_RESET;
        }
    }

    /** Routes whose requests have an effect to carry out before the answer is lost. */
    static final Set<String> APPLY_ROUTES = Set.of("dataset:view", "s3:generatePutRequest", "file:create",
            "file:updateRevision", "resourceContainer:create", "resourceContainer:process", "PUT");

    /** The writes the random {@code lost=F} falls on: what a retry after a lost answer could do twice. */
    static final Set<String> LOST_ROUTES = Set.of("file:create", "file:updateRevision", "resourceContainer:create",
            "resourceContainer:process", "PUT");

    private final Map<String, Deque<Fault>> queued = new HashMap<>();
    private final Map<Injected, Long> counts = new EnumMap<>(Injected.class);
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
        return queue(route, new Fault(Fault.Kind.FAIL, status, Duration.ZERO), times);
    }

    /**
     * The next {@code times} requests to {@code route} are carried out in full (file:create
     * registers the file, resourceContainer:create makes the container, a PUT stores the object),
     * then answered with {@code status} (500..599) and the usual error body instead of their
     * result: the answer is lost after the effect was committed. Routes: the control-plane
     * actions and {@code "PUT"}.
     */
    public synchronized SandboxFaults applyThenFail(String route, int status, int times) {
        checkApplyRoute(route);
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("status must be a server error 500..599 (e.g. 502), not " + status
                    + "; the action was carried out, so only a server-side failure can lose its answer");
        }
        checkTimes(times);
        return queue(route, new Fault(Fault.Kind.APPLY_THEN_FAIL, status, Duration.ZERO), times);
    }

    /**
     * The next {@code times} requests to {@code route} are carried out in full, then answered
     * 200 with a declared {@code Content-Length}, part of the body, and the connection is
     * closed. Routes: the control-plane actions and {@code "PUT"}.
     */
    public synchronized SandboxFaults applyThenReset(String route, int times) {
        checkApplyRoute(route);
        checkTimes(times);
        return queue(route, new Fault(Fault.Kind.APPLY_THEN_RESET, 200, Duration.ZERO), times);
    }

    private SandboxFaults queue(String route, Fault fault, int times) {
        Deque<Fault> q = queued.computeIfAbsent(route, r -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(fault);
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
        return queue(route, new Fault(Fault.Kind.RESET, 200, Duration.ZERO), times);
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

    /**
     * How many faults have been injected since the sandbox started, by what the client met: every
     * kind is present, most with 0. Queued and random faults alike are counted when they are
     * applied (an expired URL when it is handed out); {@link #clear()} does not reset the counts,
     * so a soak takes one snapshot before and one after. A fresh map, not a live view.
     */
    public synchronized Map<Injected, Long> injected() {
        Map<Injected, Long> copy = new EnumMap<>(Injected.class);
        for (Injected k : Injected.values()) {
            copy.put(k, counts.getOrDefault(k, 0L));
        }
        return Collections.unmodifiableMap(copy);
    }

    synchronized Fault next(String route) {
        Fault f = draw(route);
        if (f != null) {
            counts.merge(switch (f.kind()) {
                case FAIL -> f.status() == 429 ? Injected.TOO_MANY_REQUESTS : Injected.ERROR;
                case RESET -> Injected.RESET;
                case SLOW -> Injected.SLOW;
                case APPLY_THEN_FAIL -> Injected.LOST_ERROR;
                case APPLY_THEN_RESET -> Injected.LOST_RESET;
            }, 1L, Long::sum);
        }
        return f;
    }

    private Fault draw(String route) {
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
        if (r < (edge += spec.slow())) {
            return new Fault(Fault.Kind.SLOW, 200, spec.delay());
        }
        if (r < edge + spec.lost() && LOST_ROUTES.contains(route)) {
            // carried out, then one of the ways an answer gets lost: a 5xx from a proxy, or a cut
            int how = random.nextInt(4);
            return how < 3
                    ? new Fault(Fault.Kind.APPLY_THEN_FAIL, new int[] {500, 502, 503}[how], Duration.ZERO)
                    : new Fault(Fault.Kind.APPLY_THEN_RESET, 200, Duration.ZERO);
        }
        return null;
    }

    synchronized boolean nextUrlExpired() {
        boolean expired;
        if (expiredUrls > 0) {
            expiredUrls--;
            expired = true;
        } else {
            expired = spec.expire() > 0 && random.nextDouble() < spec.expire();
        }
        if (expired) {
            counts.merge(Injected.EXPIRED_URL, 1L, Long::sum);
        }
        return expired;
    }

    private static void checkRoute(String route) {
        if (route == null || route.isBlank()) {
            throw new IllegalArgumentException("route must name an action such as \"file:create\", or \"PUT\", \"urql\", \"dcat\"");
        }
    }

    private static void checkApplyRoute(String route) {
        if (!APPLY_ROUTES.contains(route)) {
            throw new IllegalArgumentException("route must be a control-plane action (" + String.join(", ", APPLY_ROUTES.stream()
                    .filter(r -> r.contains(":")).sorted().toList()) + ") or \"PUT\", not " + (route == null ? "null" : "\"" + route + "\"")
                    + "; reads have no effect to apply, use failNext or resetNext for them");
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

package io.github.usmartkit.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.sandbox.SandboxFaults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one soak: operations and their outcomes, the requests and the faults injected
 * among them, the calls and their retries, time past deadlines, threads left, and every anomaly.
 * {@link #toText()} is what is printed; {@link #write} the same as JSON.
 */
public final class SoakReport {

    /** The writes whose answer the sandbox may lose after carrying them out: each must meet it. */
    static final List<String> LOST_ROUTES = List.of("PUT", "file:create", "file:updateRevision", "resourceContainer:create",
            "resourceContainer:process");
    /** The share of requests that must meet an injected fault. */
    static final double MIN_FAULTED = 0.20;

    private final Soak.Options options;
    long soakMillis;
    int threadsBusyAfter;
    int threadsAliveAfterClose;
    private final List<String> anomalies = new ArrayList<>();
    /** What makes the run no soak at all (too few faults or operations): not the kit's fault, but the run proves nothing. */
    private final List<String> coverage = new ArrayList<>();

    private long requests;
    private long faulted;
    private final Map<SandboxFaults.Injected, Long> injected = new EnumMap<>(SandboxFaults.Injected.class);
    private final Map<String, Long> lostByRoute = new TreeMap<>();
    private int calls;
    private int failedCalls;
    private int retriedCalls;
    private long retries;
    private long maxOverMillis = Long.MIN_VALUE;
    private int pastDeadline;
    private final Map<String, Map<String, Integer>> byKind = new TreeMap<>();
    private final Map<String, Integer> failureKinds = new TreeMap<>();
    private final Map<String, Long> longestMillis = new TreeMap<>();
    private int operations;
    private int successes;
    private int cleanFailures;
    private int unknown;
    private int unknownLanded;
    private int unknownNotLanded;
    private int unclear;
    private int failedAfterReplace;
    private int filesChecked;
    private int objectsChecked;
    private List<SoakOp> ops = List.of();

    SoakReport(Soak.Options options) {
        this.options = options;
    }

    /** Whether the kit showed no anomaly and the run faulted what it must. */
    public boolean clean() {
        return anomalies.isEmpty() && coverage.isEmpty();
    }

    public List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    /** What made the run prove less than it must (too few faults of a kind, too few operations). */
    public List<String> coverage() {
        return List.copyOf(coverage);
    }

    public int operations() {
        return operations;
    }

    public double faultedShare() {
        return requests == 0 ? 0 : (double) faulted / requests;
    }

    void anomaly(String what) {
        anomalies.add(what);
    }

    /** The request log's lines: requests, those that met an injected fault, lost answers by route; the sandbox's counts. */
    void requests(List<String> lines, Map<SandboxFaults.Injected, Long> counts) {
        for (String l : lines) {
            String[] t = l.split(" ");
            if (t.length < 5 || t[1].equals("-")) {
                continue;
            }
            requests++;
            String rest = String.join(" ", java.util.Arrays.asList(t).subList(4, t.length));
            if (rest.contains("injected") || rest.contains("lost-after-apply") || rest.startsWith("slow ") || rest.contains("expired-url")) {
                faulted++;
            }
            if (rest.contains("lost-after-apply")) {
                String route = t[1].equals("PUT") ? "PUT" : t[2].substring(t[2].lastIndexOf('/') + 1);
                lostByRoute.merge(route, 1L, Long::sum);
            }
        }
        injected.putAll(counts);
        if (faultedShare() < MIN_FAULTED) {
            coverage.add(String.format(Locale.ROOT, "only %.1f %% of %d requests met an injected fault (at least %.0f %% wanted)",
                    100 * faultedShare(), requests, 100 * MIN_FAULTED));
        }
        for (SandboxFaults.Injected k : SandboxFaults.Injected.values()) {
            if (counts.getOrDefault(k, 0L) == 0) {
                coverage.add("no fault of kind " + k + " was injected");
            }
        }
        for (String r : LOST_ROUTES) {
            if (lostByRoute.getOrDefault(r, 0L) == 0) {
                coverage.add("no answer of " + r + " was lost after it was carried out");
            }
        }
    }

    /** The kit's calls: how many, retried, failed, and how close each came to its deadline. */
    void calls(List<CallLog.Call> all) {
        calls = all.size();
        for (CallLog.Call c : all) {
            failedCalls += c.ok() ? 0 : 1;
            retriedCalls += c.attempts() > 1 ? 1 : 0;
            retries += c.attempts() - 1;
            maxOverMillis = Math.max(maxOverMillis, c.overMillis());
        }
        if (calls == 0) {
            coverage.add("no call of the kit was seen (the call log at DEBUG on io.github.usmartkit.http)");
        }
    }

    /** Every call within its deadline (and the grace), every await within its timeout and the shortest poll. */
    void deadlines(List<CallLog.Call> all, List<SoakOp> ops) {
        for (CallLog.Call c : all) {
            if (c.overMillis() > Soak.GRACE.toMillis()) {
                pastDeadline++;
                anomalies.add("call " + c.action() + " (" + (c.ok() ? "ok" : "failed") + ", " + c.attempts() + " attempts) ended "
                        + c.elapsedMillis() + " ms after it began: its deadline was " + c.budgetMillis() + " ms");
            }
        }
        long awaitBound = SoakWorker.AWAIT.plus(Soak.MIN_POLL).plus(Soak.GRACE).toMillis();
        for (SoakOp op : ops) {
            Long w = op.steps.get("await");
            if (w != null && w > awaitBound) {
                pastDeadline++;
                anomalies.add(op + ": awaitProcessed(" + SoakWorker.AWAIT.toSeconds() + " s) took " + w + " ms");
            }
        }
    }

    void checked(List<SoakOp> all, SoakCheck check) {
        anomalies.addAll(check.anomalies);
        unknownLanded = check.unknownLanded;
        unknownNotLanded = check.unknownNotLanded;
        failedAfterReplace = check.publishFailedAfterReplace;
        filesChecked = check.filesChecked;
        objectsChecked = check.objectsChecked;
    }

    void ops(List<SoakOp> all) {
        ops = all;
        operations = all.size();
        for (SoakOp op : all) {
            byKind.computeIfAbsent(op.kind, k -> new TreeMap<>()).merge(op.outcome, 1, Integer::sum);
            longestMillis.merge(op.kind, op.millis, Math::max);
            switch (op.outcome) {
                case SoakOp.OK -> successes++;
                case SoakOp.FAILED -> cleanFailures++;
                case SoakOp.UNKNOWN -> unknown++;
                default -> unclear++;
            }
            if (!op.ok()) {
                failureKinds.merge(op.error.substring(op.error.lastIndexOf('.') + 1), 1, Integer::sum);
            }
        }
        if (operations < options.minOps()) {
            coverage.add("only " + operations + " operations were made (at least " + options.minOps() + " wanted)");
        }
    }

    /** The figures as lines of text. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "soak, seed %d: %d threads, %.1f s, faults %s%n", options.seed(), options.threads(),
                soakMillis / 1000.0, options.faultSpec()));
        sb.append(String.format(Locale.ROOT, "  operations       %d (%s)%n", operations, byKind.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().values().stream().mapToInt(Integer::intValue).sum())
                .collect(Collectors.joining(", "))));
        sb.append(String.format(Locale.ROOT, "  succeeded        %d%n", successes));
        sb.append(String.format(Locale.ROOT, "  failed cleanly   %d%s%n", cleanFailures, failureKinds.isEmpty() ? ""
                : " (kinds of all failures: " + failureKinds.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")"));
        sb.append(String.format(Locale.ROOT, "  may have landed  %d (landed %d, did not land %d)%n", unknown, unknownLanded, unknownNotLanded));
        sb.append(String.format(Locale.ROOT, "  unclear          %d%n", unclear));
        sb.append(String.format(Locale.ROOT, "  publishes that failed after their replace landed: %d%n", failedAfterReplace));
        sb.append(String.format(Locale.ROOT, "  requests         %d, %d met an injected fault (%.1f %%): %s%n", requests, faulted,
                100 * faultedShare(), injected.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        sb.append(String.format(Locale.ROOT, "  lost answers     %s%n", lostByRoute.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))));
        sb.append(String.format(Locale.ROOT, "  calls            %d, %d retried (%d retries), %d failed; closest to its deadline: %s ms past it"
                + " (allowed: %d ms); %d past%n", calls, retriedCalls, retries, failedCalls,
                maxOverMillis == Long.MIN_VALUE ? "-" : String.valueOf(maxOverMillis), Soak.GRACE.toMillis(), pastDeadline));
        sb.append(String.format(Locale.ROOT, "  longest (ms)     %s%n", longestMillis.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))));
        sb.append(String.format(Locale.ROOT, "  state checked    %d files (view, download, store), %d registered objects%n", filesChecked,
                objectsChecked));
        sb.append(String.format(Locale.ROOT, "  threads          %d busy after the operations, %d alive after close%n", threadsBusyAfter,
                threadsAliveAfterClose));
        sb.append(String.format(Locale.ROOT, "  anomalies        %d%n", anomalies.size()));
        anomalies.stream().limit(40).forEach(a -> sb.append("    - ").append(a).append('\n'));
        if (!coverage.isEmpty()) {
            sb.append("  NOT A SOAK: ").append(String.join("; ", coverage)).append('\n');
        }
        sb.append("  command: Soak ").append(options.command()).append('\n');
        return sb.toString();
    }

    /** Several seeds' figures summed up. */
    static String summary(List<SoakReport> reports) {
        StringBuilder sb = new StringBuilder("soak, " + reports.size() + " seeds:\n");
        for (SoakReport r : reports) {
            sb.append(String.format(Locale.ROOT, "  seed %d: %d operations, %d ok, %d failed cleanly, %d may have landed (%d landed),"
                            + " %.1f %% of %d requests faulted, %d retries, %d anomalies%n", r.options.seed(), r.operations, r.successes,
                    r.cleanFailures, r.unknown, r.unknownLanded, 100 * r.faultedShare(), r.requests, r.retries, r.anomalies.size()));
        }
        return sb.toString();
    }

    /** The figures as JSON in {@code summary}, the operations one by one in {@code dir/ops.json}. */
    void write(Path dir, Path summary) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = json.createObjectNode();
        n.put("seed", options.seed());
        n.put("threads", options.threads());
        n.put("faultRate", options.faultRate());
        n.put("faultSpec", options.faultSpec());
        n.put("command", "Soak " + options.command());
        n.put("seconds", soakMillis / 1000.0);
        ObjectNode o = n.putObject("operations");
        o.put("total", operations);
        o.put("succeeded", successes);
        o.put("failedCleanly", cleanFailures);
        o.put("mayHaveLanded", unknown);
        o.put("mayHaveLandedAndLanded", unknownLanded);
        o.put("mayHaveLandedAndDidNot", unknownNotLanded);
        o.put("unclear", unclear);
        o.put("publishesFailedAfterTheirReplaceLanded", failedAfterReplace);
        o.set("byKind", json.valueToTree(byKind));
        o.set("failureKinds", json.valueToTree(failureKinds));
        o.set("longestMillis", json.valueToTree(longestMillis));
        ObjectNode r = n.putObject("requests");
        r.put("total", requests);
        r.put("faulted", faulted);
        r.put("faultedShare", faultedShare());
        r.set("injected", json.valueToTree(injected));
        r.set("lostByRoute", json.valueToTree(lostByRoute));
        ObjectNode c = n.putObject("calls");
        c.put("total", calls);
        c.put("retried", retriedCalls);
        c.put("retries", retries);
        c.put("failed", failedCalls);
        c.put("maxMillisPastDeadline", maxOverMillis == Long.MIN_VALUE ? null : maxOverMillis);
        c.put("graceMillis", Soak.GRACE.toMillis());
        c.put("pastDeadline", pastDeadline);
        n.putObject("state").put("filesChecked", filesChecked).put("registeredObjectsChecked", objectsChecked);
        n.putObject("threads").put("busyAfter", threadsBusyAfter).put("aliveAfterClose", threadsAliveAfterClose);
        n.set("anomalies", json.valueToTree(anomalies));
        n.set("coverage", json.valueToTree(coverage));
        n.put("clean", clean());
        Files.createDirectories(summary.getParent());
        json.writeValue(summary.toFile(), n);
        json.writeValue(dir.resolve("report.json").toFile(), n);
        json.writeValue(dir.resolve("ops.json").toFile(), ops);
    }
}

package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Deletes uploads that were never registered, so that an abandoned upload does not stay on disk
 * forever: objects that no {@code file:create} / {@code file:updateRevision} ever took and no
 * file or publication names, uploaded longer than the time to live ago; and blobs on disk that
 * nothing in the state names (left by a crash between saving the state and deleting them), last
 * modified longer than the time to live ago. Registered objects are kept, superseded revisions
 * included (a pipeline run may still be reading one).
 *
 * <p>Runs once when the sandbox starts, then every {@code min(ttl, 10 min)} (at least every
 * second). The state change is one atomic save; blobs are deleted after it, so a crash in
 * between leaves only unnamed blobs, which the next sweep takes.
 */
final class OrphanSweeper implements AutoCloseable {
    private static final Duration LONGEST_PERIOD = Duration.ofMinutes(10);
    private static final Duration SHORTEST_PERIOD = Duration.ofSeconds(1);

    private final SandboxStore store;
    private final Duration ttl;
    private final ScheduledExecutorService executor;

    OrphanSweeper(SandboxStore store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
        this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("usmart-sandbox-orphan-sweep"));
    }

    /**
     * A state saved before objects carried {@code registered} (version 1): every object a file or
     * publication names was registered, so it is marked so and outlives being superseded. The
     * rest cannot be told from orphans and are swept as such.
     */
    static void upgrade(State s) {
        if (s.version >= 2) {
            return;
        }
        Set<String> named = namedByFiles(s);
        s.objects.values().forEach(o -> o.registered |= named.contains(o.blob));
        s.version = 2;
    }

    private static Set<String> namedByFiles(State s) {
        Set<String> named = new HashSet<>();
        for (State.Org o : s.orgs.values()) {
            for (State.Dataset d : o.datasets.values()) {
                d.files.forEach(f -> named.add(f.blob));
                d.containers.forEach(c -> c.publications.forEach(p -> named.add(p.blob)));
            }
        }
        return named;
    }

    /** Sweeps now, then in the background. */
    void start() {
        sweep(Instant.now());
        long period = Math.max(SHORTEST_PERIOD.toMillis(), Math.min(ttl.toMillis(), LONGEST_PERIOD.toMillis()));
        executor.scheduleWithFixedDelay(this::sweepLogged, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweepLogged() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            // the next sweep tries again; a failing sweep must not stop the schedule
            System.err.println("usmart sandbox: orphan sweep failed: " + e);
        }
    }

    /**
     * Deletes what was orphaned before {@code now - ttl}; returns how many objects and unnamed
     * blobs it deleted. Saves the state only when an object goes.
     */
    int sweep(Instant now) {
        Instant cutoff = now.minus(ttl);
        if (store.read(s -> orphans(s, cutoff, false).isEmpty())) {
            return 0;
        }
        List<String> blobs = store.write(s -> orphans(s, cutoff, true));
        for (String blob : blobs) {
            try {
                Files.deleteIfExists(store.blobPath(blob));
            } catch (IOException e) {
                // left unnamed on disk: the next sweep takes it
            }
        }
        return blobs.size();
    }

    /**
     * The blobs of the orphans (objects past the cutoff, then unnamed blobs on disk); with
     * {@code remove}, their objects leave the state. Runs under the store's lock; an upload's blob
     * moved into place but not yet named counts as arriving (SandboxStore.commitBlob), so no
     * upload is half-seen.
     */
    private List<String> orphans(State s, Instant cutoff, boolean remove) {
        Set<String> inUse = namedByFiles(s);
        List<String> out = new ArrayList<>();
        Iterator<State.StoredObject> it = s.objects.values().iterator();
        while (it.hasNext()) {
            State.StoredObject obj = it.next();
            if (!obj.registered && !inUse.contains(obj.blob) && before(obj.uploaded, cutoff)) {
                out.add(obj.blob);
                if (remove) {
                    it.remove();
                }
            }
            inUse.add(obj.blob); // named: not counted again among the unnamed blobs
        }
        out.addAll(unnamedBlobs(inUse, cutoff));
        return out;
    }

    private static boolean before(String timestamp, Instant cutoff) {
        try {
            return Instant.parse(timestamp).isBefore(cutoff);
        } catch (DateTimeParseException | NullPointerException e) {
            return false; // an object of unknown age is kept
        }
    }

    private List<String> unnamedBlobs(Set<String> named, Instant cutoff) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> blobs = Files.list(store.blobsDir())) {
            for (Path p : (Iterable<Path>) blobs::iterator) {
                String name = p.getFileName().toString();
                if (!named.contains(name) && !store.arriving(name) && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            // the directory cannot be listed now; the next sweep tries again
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asynchronous processing of output pipelines: {@code queued → processing → complete | failed}.
 * Each stage lasts {@code processingDelay}; the run parses the file's CSV and, when it parses,
 * publishes it as the container's next publication. A newer process request supersedes a run
 * still going (its generation no longer matches, so it drops its result).
 */
final class Pipelines implements AutoCloseable {
    private final SandboxStore store;
    private final Duration delay;
    private final ScheduledExecutorService executor;

    Pipelines(SandboxStore store, Duration delay) {
        this.store = store;
        this.delay = delay;
        this.executor = Executors.newScheduledThreadPool(2, DaemonThreads.named("usmart-sandbox-pipeline"));
    }

    /** A resource container and the dataset that holds it. */
    record Located(State.Dataset dataset, State.Container container) { }

    static State.Container find(State s, String org, String guid) {
        return locate(s, org, guid).container();
    }

    static Located locate(State s, String org, String guid) {
        for (State.Dataset d : s.orgs.get(org).datasets.values()) {
            for (State.Container c : d.containers) {
                if (c.guid.equals(guid)) {
                    return new Located(d, c);
                }
            }
        }
        throw ApiError.notFound("no resource container " + guid + " in organisation " + org + "; dataset:view lists each resourceContainerGUID");
    }

    /** Queues a run of the container (which must exist). */
    void process(String org, String guid) {
        long generation = store.write(s -> {
            State.Container c = find(s, org, guid);
            c.status = "queued";
            c.failureReason = null;
            return ++c.generation;
        });
        executor.schedule(() -> startRun(org, guid, generation), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After a restart: runs that were queued or processing start again. */
    void resume() {
        List<String[]> pending = store.read(s -> s.orgs.values().stream()
                .flatMap(o -> o.datasets.values().stream()
                        .flatMap(d -> d.containers.stream()
                                .filter(c -> c.status.equals("queued") || c.status.equals("processing"))
                                .map(c -> new String[] {o.guid, c.guid})))
                .toList());
        for (String[] p : pending) {
            process(p[0], p[1]);
        }
    }

    private void startRun(String org, String guid, long generation) {
        try {
            record Input(String blob, int revision, String pipeline, long size) { }
            Input in = store.write(s -> {
                Located at = locate(s, org, guid);
                State.Container c = at.container();
                if (c.generation != generation) {
                    return null;
                }
                State.FileRec f = at.dataset().files.stream().filter(x -> x.fileGUID.equals(c.fileGUID)).findFirst().orElse(null);
                c.status = "processing";
                if (f == null) {
                    return new Input(null, 0, c.pipelineId, 0);
                }
                return new Input(f.blob, f.revision, c.pipelineId, f.fileSize);
            });
            if (in == null) {
                return;
            }
            long started = System.nanoTime();
            String failure;
            Analysis analysis = null;
            if (in.blob == null) {
                failure = "the file this pipeline publishes no longer exists";
            } else {
                try {
                    analysis = analysed(in.blob, in.pipeline);
                    failure = null;
                } catch (CsvReader.CsvFormatException | InvalidData e) {
                    failure = "the file is not valid CSV: " + e.getMessage();
                } catch (CharacterCodingException e) {
                    failure = "the file is not UTF-8 text (is it a spreadsheet or a zip?); save it as CSV UTF-8";
                } catch (IOException e) {
                    failure = "the file could not be read: " + e.getMessage();
                }
            }
            long remaining = delay.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
            String reason = failure;
            Analysis result = analysis;
            executor.schedule(() -> finishRun(org, guid, generation, in.blob, in.revision, in.size, reason, result),
                    Math.max(0, remaining), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            System.err.println("usmart sandbox: pipeline run of " + guid + " failed: " + e);
        }
    }

    private void finishRun(String org, String guid, long generation, String blob, int revision, long size,
                           String failure, Analysis analysis) {
        try {
            store.write(s -> {
                State.Container c = find(s, org, guid);
                if (c.generation != generation) {
                    return null;
                }
                String now = SandboxStore.now();
                c.lastProcessed = now;
                if (failure != null) {
                    c.status = "failed";
                    c.failureReason = failure;
                    return null;
                }
                State.Publication last = c.latest();
                State.Publication p = publication(last == null ? 1 : last.number + 1, blob, size, revision, now, analysis);
                c.publications.add(p);
                c.status = "complete";
                c.rowCount = p.rowCount;
                c.failureReason = null;
                return null;
            });
        } catch (RuntimeException e) {
            System.err.println("usmart sandbox: pipeline run of " + guid + " failed: " + e);
        }
    }

    /** A publication of the file's bytes: revision {@code number} of the container, typed by the analysis. */
    static State.Publication publication(int number, String blob, long size, int fileRevision, String published, Analysis analysis) {
        State.Publication p = new State.Publication();
        p.number = number;
        p.blob = blob;
        p.bytes = size;
        p.rowCount = analysis.rows();
        p.fileRevision = fileRevision;
        p.published = published;
        p.schema = analysis.schema();
        return p;
    }

    /**
     * The latest analyses, by blob (and whether the pipeline is csv-to-geojson, whose header
     * check is its own): a file's containers (its API and its download) process the same
     * immutable bytes, which one analysis serves — the results are the same, the work is done
     * once (10 MB took about 130 ms of CPU for each container). Runs of one blob at the same time
     * wait for the one analysing it. A failed analysis is not kept.
     */
    private final Map<String, CompletableFuture<Analysis>> analyses = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Analysis>> eldest) {
            return size() > 8;
        }
    };

    private Analysis analysed(String blob, String pipeline) throws IOException {
        String key = blob + (pipeline.equals("csv-to-geojson") ? " geojson" : "");
        CompletableFuture<Analysis> mine = new CompletableFuture<>();
        CompletableFuture<Analysis> theirs;
        synchronized (analyses) {
            theirs = analyses.putIfAbsent(key, mine);
        }
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
        }
        try {
            Analysis a = analyse(store.blobPath(blob), pipeline);
            mine.complete(a);
            return a;
        } catch (IOException | RuntimeException e) {
            synchronized (analyses) {
                analyses.remove(key, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** What processing learns of a CSV: how many rows it has and the type of each column. */
    record Analysis(long rows, List<State.Column> schema) { }

    /**
     * Parses the whole CSV once: a header of distinct names, every row as wide as the header;
     * counts the rows and infers the column types ({@link Schema}).
     */
    static Analysis analyse(Path file, String pipeline) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), decoder)) {
            CsvReader csv = new CsvReader(r);
            List<String> header = csv.next();
            if (header == null || (header.size() == 1 && header.get(0).isBlank())) {
                throw new InvalidData("it is empty; a CSV needs a header line and rows");
            }
            CsvReader.dropBom(header);
            Set<String> seen = new HashSet<>();
            for (String h : header) {
                if (h.isBlank()) {
                    throw new InvalidData("line 1: a column has no name");
                }
                if (!seen.add(h)) {
                    throw new InvalidData("line 1: the column name '" + h + "' appears twice");
                }
            }
            if (pipeline.equals("csv-to-geojson")) {
                Set<String> lower = new HashSet<>();
                header.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
                if (!(lower.contains("latitude") && lower.contains("longitude"))) {
                    throw new InvalidData("csv-to-geojson needs 'latitude' and 'longitude' columns; the header has " + header);
                }
            }
            Schema.Inference types = new Schema.Inference(header);
            long rows = 0;
            String[] row;
            while ((row = csv.nextRecord()) != null) {
                if (CsvReader.blank(row)) {
                    continue;
                }
                if (row.length != header.size()) {
                    throw new InvalidData("line " + csv.recordLine() + " has " + row.length + " fields but the header has " + header.size());
                }
                types.accept(row);
                rows++;
            }
            return new Analysis(rows, types.columns());
        }
    }

    /**
     * A state saved before publications carried their schema (version 2): each publication's
     * types are inferred from its bytes now, as its processing would have; a dataset without a
     * status is {@code Published}; an organisation without a slug gets one from its name.
     */
    static void upgrade(State s, SandboxStore store) {
        if (s.version >= 3) {
            return;
        }
        for (State.Org o : s.orgs.values()) {
            if (o.slug == null) {
                o.slug = DemoOrganisation.slug(o.name);
            }
            for (State.Dataset d : o.datasets.values()) {
                if (d.status == null) {
                    d.status = "Published";
                }
                for (State.Container c : d.containers) {
                    for (State.Publication p : c.publications) {
                        if (p.schema == null) {
                            try {
                                p.schema = analyse(store.blobPath(p.blob), "csv-to-api").schema();
                            } catch (IOException | RuntimeException e) {
                                throw new IllegalStateException("cannot upgrade the sandbox state: publication " + p.number
                                        + " of resource " + c.guid + " cannot be read (" + e.getMessage()
                                        + "); move the data directory away to start from a fresh demo organisation", e);
                            }
                        }
                    }
                }
            }
        }
        s.version = 3;
    }

    static final class InvalidData extends RuntimeException {
        InvalidData(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

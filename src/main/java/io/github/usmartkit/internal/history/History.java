package io.github.usmartkit.internal.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.render.Columns;
import io.github.usmartkit.internal.text.Redaction;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local record of every write the kit performed (and every dry-run plan): one JSON object a
 * line in {@code ~/.usmart/history.jsonl} ({@code USMART_HISTORY} moves it), owner-only from the
 * moment it is created. Holds no secret and no signed URL: the fields are the ones of
 * {@link Entry}, and every text is cleaned of known secrets and URL query strings. A history that
 * cannot be written never fails the write it records: it is logged once.
 */
public final class History {

    private static final System.Logger LOG = System.getLogger("io.github.usmartkit.history");

    /**
     * One write.
     *
     * @param time       when it ended
     * @param org        the organisation
     * @param action     {@code file:create}, {@code file:updateRevision}, {@code resourceContainer:create},
     *                   {@code resourceContainer:process}, {@code publish}, or an action called by name
     * @param dataset    the dataset GUID, or null
     * @param file       the file (or container) GUID, or null
     * @param name       the file name, or null
     * @param bytes      bytes uploaded, or null
     * @param md5        their MD5, or null
     * @param reference  the upload's object store reference, or null
     * @param outcome    e.g. {@code replaced}, {@code unchanged}, {@code refused}, {@code registration-failed}, {@code planned}
     * @param durationMs how long it took
     * @param warning    a warning or the failure, or null
     */
    public record Entry(Instant time, String org, String action, String dataset, String file, String name, Long bytes,
                        String md5, String reference, String outcome, Long durationMs, String warning) {
    }

    private static final History OFF = new History(null);

    private final Path path;
    private volatile boolean warned;

    private History(Path path) {
        this.path = path;
    }

    /** A history in {@code path}. */
    public static History at(Path path) {
        return new History(path.toAbsolutePath());
    }

    /** No history (nothing is written; {@link #table()} is empty). */
    public static History off() {
        return OFF;
    }

    /** Where the history goes: {@code USMART_HISTORY}, else {@code home/.usmart/history.jsonl}, else nowhere (null). */
    public static Path location(Map<String, String> env, Path home) {
        String moved = env == null ? null : env.get("USMART_HISTORY");
        if (moved != null && !moved.isBlank()) {
            return Path.of(moved.strip());
        }
        return home == null ? null : home.resolve(".usmart").resolve("history.jsonl");
    }

    /** The file, or null when there is no history. */
    public Path path() {
        return path;
    }

    /** Appends one line (created owner-only if new); never throws. */
    public void record(Entry e) {
        if (path == null) {
            return;
        }
        ObjectNode n = Json.object();
        n.put("time", e.time().toString());
        put(n, "org", e.org());
        put(n, "action", e.action());
        put(n, "dataset", e.dataset());
        put(n, "file", e.file());
        put(n, "name", e.name());
        if (e.bytes() != null) {
            n.put("bytes", e.bytes());
        }
        put(n, "md5", e.md5());
        put(n, "reference", e.reference());
        put(n, "outcome", e.outcome());
        if (e.durationMs() != null) {
            n.put("durationMs", e.durationMs());
        }
        put(n, "warning", e.warning());
        byte[] line = (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        // A write stopped by an interrupt is recorded with the flag still set: a FileChannel would
        // close itself on it (ClosedByInterruptException) and lose the line. Cleared for the write only.
        boolean interrupted = Thread.interrupted();
        synchronized (History.class) {
            try {
                Path dir = path.getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    Files.createDirectories(dir, ownerOnly("rwx------"));
                }
                // One write of a whole line to a file opened for appending: lines of concurrent writers do not interleave.
                try (FileChannel c = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE), ownerOnly("rw-------"))) {
                    ByteBuffer b = ByteBuffer.wrap(line);
                    while (b.hasRemaining()) {
                        c.write(b);
                    }
                }
            } catch (IOException | RuntimeException x) {
                if (!warned) {
                    warned = true;
                    LOG.log(System.Logger.Level.WARNING, "usmart-kit: cannot write the history " + path + " (" + x + "); writes go on unrecorded");
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(String perms) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))}
                : new FileAttribute<?>[0];
    }

    private static void put(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, Redaction.clean(value));
        }
    }

    /** Every entry, newest first; lines that do not read are skipped. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (path == null || !Files.exists(path)) {
            return out;
        }
        try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
            lines.forEach(l -> {
                try {
                    JsonNode n = Json.tree(l);
                    out.add(new Entry(Instant.parse(n.path("time").asText()), text(n, "org"), text(n, "action"), text(n, "dataset"),
                            text(n, "file"), text(n, "name"), number(n, "bytes"), text(n, "md5"), text(n, "reference"),
                            text(n, "outcome"), number(n, "durationMs"), text(n, "warning")));
                } catch (IOException | RuntimeException bad) {
                    // a torn or hand-edited line: the others still count
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "usmart-kit: cannot read the history " + path + " (" + e + ")");
        }
        Collections.reverse(out);
        return out;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || !v.canConvertToLong() ? null : v.asLong();
    }

    /** The history as a table, newest first: time, org, action, dataset, file, name, bytes, md5, reference, outcome, durationMs, warning. */
    public Table table() {
        return COLUMNS.table(path == null ? "history (off: no home directory and no USMART_HISTORY)" : "history " + path, entries());
    }

    private static final Columns<Entry> COLUMNS = Columns.<Entry>of()
                .text("time", e -> e.time().toString())
                .text("org", Entry::org)
                .text("action", Entry::action)
                .text("dataset", Entry::dataset)
                .text("file", Entry::file)
                .text("name", Entry::name)
                .bytes("bytes", Entry::bytes)
                .text("md5", Entry::md5)
                .text("reference", Entry::reference)
                .text("outcome", Entry::outcome)
                .number("durationMs", Entry::durationMs)
                .text("warning", Entry::warning);

    @Override
    public String toString() {
        return "History[" + (path == null ? "off" : path) + "]";
    }
}

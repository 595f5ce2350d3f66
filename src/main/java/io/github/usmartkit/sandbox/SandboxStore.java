package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The sandbox's state and its directory: {@code state.json} (written atomically: temp file,
 * fsync, atomic rename, so a crash mid-write leaves the previous state intact), immutable blobs
 * under {@code blobs/}, upload temp files under {@code tmp/}.
 *
 * <p>Changes are made in memory under one lock and saved by one writer thread, in batches (group
 * commit): a change waits, without the lock, until a save that includes it is on disk, and one
 * save covers every change made while the previous one was being written. With a data directory
 * ({@code durable}) each save is fsynced and no answer goes out before the state it shows is on
 * disk: a write waits for its own change, an answer for the changes its reads saw
 * ({@link #awaitSeen}). Without one (a temporary sandbox) the state is written behind, unsynced,
 * from its first change on.
 * No disk I/O happens under the lock.
 */
final class SandboxStore implements AutoCloseable {
    private final Path dir;
    private final boolean durable;
    private final ReentrantLock lock = new ReentrantLock();
    private final FileChannel lockChannel;
    private final FileLock dirLock;
    /** Blobs moved into {@code blobs/} whose object is not in the state yet: not orphans. */
    private final Set<String> arriving = ConcurrentHashMap.newKeySet();
    /** A blob was renamed into {@code blobs/} since the last save: that directory needs an fsync too. */
    private final AtomicBoolean blobsMoved = new AtomicBoolean();
    private State state;
    /** Changes made so far (guarded by the lock). */
    private long version;
    /** Per thread: the latest change its reads have seen (durable mode). */
    private final ThreadLocal<long[]> seen = ThreadLocal.withInitial(() -> new long[1]);

    /** Guards the fields below; the writer thread and the waiting callers meet here. */
    private final Object saves = new Object();
    private long saved;
    private long wanted;
    private long failedUpTo;
    private Exception failure;
    private boolean closing;
    private boolean writerDone;
    private Thread writer;

    SandboxStore(Path dir, boolean durable) {
        this.dir = dir;
        this.durable = durable;
        try {
            Files.createDirectories(dir.resolve("blobs"));
            Files.createDirectories(dir.resolve("tmp"));
            lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
                l = null;
            }
            dirLock = l;
            if (dirLock == null) {
                lockChannel.close();
                throw new IllegalStateException("the data directory " + dir
                        + " is in use by another running sandbox; stop it or choose another --data directory");
            }
            // leftovers of uploads cut short by a crash
            try (var old = Files.list(dir.resolve("tmp"))) {
                old.forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the sandbox data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Whether every change is fsynced before it is answered (a data directory was given). */
    boolean durable() {
        return durable;
    }

    /** Loads {@code state.json}; {@code null} when there is none yet. */
    State load() {
        Path file = dir.resolve("state.json");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox state " + file + " cannot be read (" + e.getMessage()
                    + "); move it away to start from a fresh demo organisation", e);
        }
    }

    /**
     * Takes {@code s} as the state and starts the writer thread. With a data directory the state
     * is saved now, so that a restart finds the keys and the seed whatever happens next. A
     * temporary sandbox's state is first written with its first change: nothing reads it back
     * (its directory goes at close), and serialising a fresh seed was a third of the CPU a
     * sandbox's start took (Jackson's first use: building its serialisers), which an interactive
     * shell pays before its first prompt.
     */
    void init(State s) {
        lock.lock();
        try {
            state = s;
            version = 1;
        } finally {
            lock.unlock();
        }
        if (durable) {
            try {
                save(snapshot().bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the sandbox state to " + dir.resolve("state.json") + ": " + e.getMessage(), e);
            }
        }
        synchronized (saves) {
            saved = 1;
            wanted = 1;
        }
        writer = new Thread(this::writeLoop, "usmart-sandbox-state-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Runs {@code action} under the lock without changing anything (reads). In durable mode it
     * notes the changes the action may have seen, so that {@link #awaitSeen} can hold the answer
     * until they are on disk: once an answer, not once a read (a request reads several times).
     */
    <T> T read(Function<State, T> action) {
        lock.lock();
        try {
            T result = action.apply(state);
            if (durable) {
                long[] mine = seen.get();
                mine[0] = Math.max(mine[0], version);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * In durable mode, waits until every change this thread's reads have seen since
     * {@link #forgetSeen} is on disk: called just before an answer goes out, so that no answer
     * shows a change a crash could still take back.
     */
    void awaitSeen() {
        // under the lock (a nested call) the writer could never take its snapshot: the outer caller waits instead
        if (durable && !lock.isHeldByCurrentThread()) {
            long v = seen.get()[0];
            if (v > 0) {
                awaitSaved(v);
            }
        }
    }

    /** Starts a new answer on this thread (see {@link #awaitSeen}). */
    void forgetSeen() {
        if (durable) {
            seen.get()[0] = 0;
        }
    }

    /**
     * Runs {@code action} under the lock and has the state saved afterwards; in durable mode,
     * returns once the change is on disk. An action refuses by throwing {@link ApiError} before it
     * changes anything, so a refusal saves nothing; any other exception may come midway through
     * a change, so the state is saved all the same.
     */
    <T> T write(Function<State, T> action) {
        T result = null;
        RuntimeException failed = null;
        long mine;
        lock.lock();
        try {
            try {
                result = action.apply(state);
            } catch (ApiError refused) {
                throw refused;
            } catch (RuntimeException e) {
                failed = e;
            }
            mine = ++version;
        } finally {
            lock.unlock();
        }
        synchronized (saves) {
            wanted = Math.max(wanted, mine);
            saves.notifyAll();
        }
        if (durable && !lock.isHeldByCurrentThread()) {
            awaitSaved(mine);
        }
        if (failed != null) {
            throw failed;
        }
        return result;
    }

    /** Waits until change {@code v} is on disk; throws if the save that should have taken it failed. */
    private void awaitSaved(long v) {
        boolean interrupted = false;
        synchronized (saves) {
            // not interruptible: an answer must not go out before its change is on disk; the
            // writer always ends by saving what is pending (see close), so this wait ends
            while (saved < v && failedUpTo < v && !writerDone) {
                try {
                    saves.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (saved < v) {
                throw new UncheckedIOException("cannot save the sandbox state to " + dir.resolve("state.json") + ": "
                        + (failure == null ? "the sandbox was stopped first" : failure.getMessage()),
                        failure instanceof IOException io ? io : new IOException(failure));
            }
        }
    }

    private record Snapshot(long version, byte[] bytes) { }

    /** The state as JSON, serialised under the lock (memory only). */
    private Snapshot snapshot() throws IOException {
        lock.lock();
        try {
            return new Snapshot(version, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } finally {
            lock.unlock();
        }
    }

    /** The writer thread: saves whatever has changed, one save at a time, until closed and saved. */
    private void writeLoop() {
        while (true) {
            synchronized (saves) {
                while (wanted <= saved && !closing) {
                    try {
                        saves.wait();
                    } catch (InterruptedException e) {
                        // close() says so through closing
                    }
                }
                if (wanted <= saved) {
                    writerDone = true;
                    saves.notifyAll();
                    return;
                }
            }
            long covering = Long.MAX_VALUE;
            try {
                Snapshot snap = snapshot();
                covering = snap.version;
                save(snap.bytes);
                synchronized (saves) {
                    saved = snap.version;
                    failure = null;
                    saves.notifyAll();
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("usmart sandbox: cannot save the state to " + dir.resolve("state.json") + ": " + e.getMessage());
                synchronized (saves) {
                    // the changes this save was to cover learn of it; later ones wait for the next try
                    failure = e;
                    failedUpTo = Math.min(covering, wanted);
                    saves.notifyAll();
                    if (closing) {
                        writerDone = true;
                        return;
                    }
                    try {
                        saves.wait(1000); // then try again: a disk that was full may have room now
                    } catch (InterruptedException ignored) {
                        // closing: one last try
                    }
                }
            }
        }
    }

    /** Writes {@code bytes} as {@code state.json}; in durable mode also makes the blobs renamed into place durable first. */
    private void save(byte[] bytes) throws IOException {
        if (durable && blobsMoved.getAndSet(false)) {
            fsyncDir(blobsDir());
        }
        writePrivate(dir.resolve("state.json"), bytes, durable);
        if (durable) {
            fsyncDir(dir);
        }
    }

    /**
     * Writes {@code bytes} to {@code target} atomically through a sibling temp file that is
     * owner-only from the moment it is created: both files written this way (the state and the
     * env file) hold key secrets, so no other user may read them even for an instant. A leftover
     * temp file of a crash is deleted first rather than reused with whatever mode it had.
     */
    static void writePrivate(Path target, byte[] bytes, boolean durable) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] ownerOnly = target.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0]; // Windows: rely on the directory's permissions
        try (FileChannel ch = FileChannel.open(tmp, options, ownerOnly)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (durable) {
                ch.force(true);
            }
        }
        replace(tmp, target);
    }

    /** Puts {@code tmp} in the place of {@code target}: atomically where the file system can rename so. */
    static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void fsyncDir(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open a directory; the rename itself is still atomic
        }
    }

    Path blobsDir() {
        return dir.resolve("blobs");
    }

    Path blobPath(String blob) {
        return blobsDir().resolve(blob);
    }

    String newBlobName() {
        return UUID.randomUUID().toString();
    }

    Path newTempFile() {
        try {
            return Files.createTempFile(dir.resolve("tmp"), "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves a finished upload into place as the immutable blob {@code blob} (in durable mode,
     * its bytes on disk first), then runs {@code register}, which names it in the state, as a
     * {@link #write}. The disk work happens outside the lock; until {@code register} has run the
     * blob counts as arriving, so the orphan sweep leaves it alone.
     */
    <T> T commitBlob(Path tmp, String blob, Function<State, T> register) {
        arriving.add(blob);
        try {
            try {
                if (durable) {
                    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
                Files.move(tmp, blobPath(blob), StandardCopyOption.ATOMIC_MOVE);
                blobsMoved.set(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the uploaded object: " + e.getMessage(), e);
            }
            return write(register);
        } finally {
            arriving.remove(blob);
        }
    }

    /** Whether {@code blob} is being moved into place and named right now (see {@link #commitBlob}). */
    boolean arriving(String blob) {
        return arriving.contains(blob);
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Saves what is pending, stops the writer thread and releases the data directory. */
    @Override
    public void close() {
        Thread w;
        synchronized (saves) {
            closing = true;
            saves.notifyAll();
            w = writer;
        }
        if (w != null) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            dirLock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

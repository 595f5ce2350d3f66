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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The sandbox's state and its directory: {@code state.json} (written atomically: temp file,
 * fsync, atomic rename, so a crash mid-write leaves the previous state intact), immutable blobs
 * under {@code blobs/}, upload temp files under {@code tmp/}.
 */
final class SandboxStore implements AutoCloseable {
    private final Path dir;
    private final boolean durable;
    private final ReentrantLock lock = new ReentrantLock();
    private final FileChannel lockChannel;
    private final FileLock dirLock;
    private State state;

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

    void init(State s) {
        lock.lock();
        try {
            state = s;
            save();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} under the lock without saving (reads). */
    <T> T read(Function<State, T> action) {
        lock.lock();
        try {
            return action.apply(state);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} under the lock and saves the state afterwards, even if it threw midway. */
    <T> T write(Function<State, T> action) {
        lock.lock();
        try {
            return action.apply(state);
        } finally {
            save();
            lock.unlock();
        }
    }

    private void save() {
        Path target = dir.resolve("state.json");
        try {
            writePrivate(target, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state), durable);
            if (durable) {
                fsyncDir();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the sandbox state to " + target + ": " + e.getMessage(), e);
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

    private void fsyncDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
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

    /** Moves a finished temp file into place as an immutable blob. */
    void commitBlob(Path tmp, String blob) {
        try {
            Files.move(tmp, blobPath(blob), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the uploaded object: " + e.getMessage(), e);
        }
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        try {
            dirLock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

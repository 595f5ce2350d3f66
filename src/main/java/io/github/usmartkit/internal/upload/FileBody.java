package io.github.usmartkit.internal.upload;

import io.github.usmartkit.internal.http.Threads;
import io.github.usmartkit.progress.ProgressListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The body of a PUT: exactly {@code size} bytes of a file, read into a few reused direct buffers
 * by a thread of its own (the pump), which hands each to the HTTP client as it asks for them and
 * then adds it to the MD5 while the client writes it. The thread that feeds the socket neither
 * reads the file nor hashes: with the JDK's {@code BodyPublishers.ofInputStream} it did both, and
 * allocated a new array for every 16 KiB (issue 13: about 1.8 s of its CPU per GiB). Direct
 * buffers go to the socket (and come from the file) without a copy through a temporary buffer.
 * Memory stays flat: {@link #SLOTS} buffers of {@link #CHUNK} per upload, kept in a small pool
 * between uploads.
 *
 * <p>The chunks are large (1 MiB) because the JDK client's HTTP/1.1 path costs a few thread
 * hand-offs per buffer whatever its size (the client's executor asks for the next one, its
 * selector thread resumes a write the socket could not take whole), and each waits for a core
 * when the cores are busy. The MD5 is computed on the pump, after the hand-over: the client's
 * first write of a chunk happens inside {@code onNext}, the rest on its selector thread, so the
 * hashing overlaps the socket's draining and only delays the next chunk, which the client does not
 * need before this one is written. With 256 KiB chunks and a second thread hashing them from a
 * queue, a 1 GiB upload cost the kit's JVM 3.5–3.8 s of CPU; like this, 2.6–2.7 s (issue 13).
 *
 * <p>A buffer is used again only once the client has consumed it (nothing left in it: the
 * socket's write, or TLS's wrap, moves its position to its limit). The JDK client (17) asks for
 * buffer {@code n} only after buffer {@code n - 2} is written whole (it requests more when it
 * takes one off its queue, and takes one only when the socket has taken the one before), so with
 * four slots the buffer a chunk is read into is always free; should it still hold bytes, it is
 * left to the client and a new one is taken.
 *
 * <p>Each subscription (the client subscribes again if it resends the body) reads the file from
 * the start with an MD5 of its own; {@link #md5()} is that of the latest, once every byte it
 * published has been hashed.
 */
final class FileBody implements Flow.Publisher<ByteBuffer>, AutoCloseable {

    static final int CHUNK = 1024 * 1024;
    /**
     * The smallest chunk: a file under 16 MiB is sent in about 16 chunks (none under this), so that
     * its progress moves in steps of about 6 %, as a log's line per 10 % needs.
     */
    static final int MIN_CHUNK = 64 * 1024;
    static final int SLOTS = 4;
    /** Buffers kept between uploads (one upload's worth). */
    private static final int POOLED = SLOTS;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicLong POOL_SIZE = new AtomicLong();
    private static final ExecutorService THREADS = Threads.sharedPool("usmart-upload");
    /** How long a buffer still in the client's hands is waited for before a fresh one is taken. */
    private static final long BUSY_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Path file;
    private final long size;
    private final ProgressListener listener;
    private final String task;
    private final AtomicReference<Run> latest = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    FileBody(Path file, long size, ProgressListener listener, String task) {
        this.file = file;
        this.size = size;
        this.listener = listener;
        this.task = task;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Objects.requireNonNull(subscriber);
        Run run = new Run(subscriber);
        Run before = latest.getAndSet(run);
        if (before != null) {
            before.stop();
        }
        subscriber.onSubscribe(run);
        if (closed.get()) {
            run.stop();
            return;
        }
        THREADS.execute(run::pump);
    }

    /**
     * The MD5 of the bytes the latest subscription published, once all of them are hashed (null
     * if nothing subscribed); waits at most {@code timeout}.
     */
    byte[] md5(java.time.Duration timeout) throws Exception {
        Run r = latest.get();
        return r == null ? null : r.md5.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Why the latest subscription stopped because of the file itself (it got shorter, or changed
     * while it was read), or null.
     */
    IOException fileProblem() {
        Run r = latest.get();
        return r == null ? null : r.fileProblem;
    }

    /** The file was found shorter, or changed, while it was being sent. */
    static final class FileChanged extends IOException {
        FileChanged(String message) {
            super(message);
        }
    }

    /** Stops reading and hashing (the exchange is over, or abandoned). */
    @Override
    public void close() {
        closed.set(true);
        Run r = latest.get();
        if (r != null) {
            r.stop();
        }
    }

    private static ByteBuffer take() {
        ByteBuffer b = POOL.poll();
        if (b != null) {
            POOL_SIZE.decrementAndGet();
            return b;
        }
        return ByteBuffer.allocateDirect(CHUNK);
    }

    /** Back to the pool, if the client is done with it. */
    private static void give(ByteBuffer b) {
        if (b != null && !b.hasRemaining() && POOL_SIZE.incrementAndGet() <= POOLED) {
            POOL.add(b);
        } else if (b != null) {
            POOL_SIZE.updateAndGet(n -> n > POOLED ? n - 1 : n);
        }
    }

    /** One subscription: the pump (file → buffers → subscriber, and each buffer into the MD5). */
    private final class Run implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final ByteBuffer[] ring = new ByteBuffer[SLOTS];
        private final CompletableFuture<byte[]> md5 = new CompletableFuture<>();
        private volatile boolean stopped;
        private volatile Thread pumpThread;
        private volatile IOException fileProblem;

        Run(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                stop();
                subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            LockSupport.unpark(pumpThread);
        }

        @Override
        public void cancel() {
            stop();
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(pumpThread);
        }

        void pump() {
            pumpThread = Thread.currentThread();
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is required of every Java platform", e);
            }
            long sent = 0;
            long chunks = 0;
            int chunk = (int) Math.max(MIN_CHUNK, Math.min(CHUNK, size / 16));
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                FileTime modified = Files.getLastModifiedTime(file);
                while (sent < size) {
                    int slot = (int) (chunks % SLOTS);
                    ByteBuffer b = free(slot);
                    if (b == null) {
                        return; // stopped
                    }
                    b.clear();
                    b.limit((int) Math.min(chunk, size - sent));
                    while (b.hasRemaining()) {
                        if (ch.read(b, sent + b.position()) < 0) {
                            throw new FileChanged(file.toAbsolutePath() + " got shorter while it was being uploaded (" + (sent + b.position())
                                    + " of " + size + " bytes)");
                        }
                    }
                    b.flip();
                    if (sent + b.remaining() == size) {
                        unchanged(modified);
                    }
                    if (!awaitDemand()) {
                        return;
                    }
                    // A view for the MD5, taken before the client moves the buffer's position: hashed
                    // while the client writes the same bytes (both only read them; the pump alone
                    // writes into a buffer, and only into one the client has consumed).
                    ByteBuffer view = b.duplicate();
                    sent += b.remaining();
                    chunks++;
                    subscriber.onNext(b);
                    md.update(view);
                    listener.update(task, sent, size);
                }
                md5.complete(md.digest());
                subscriber.onComplete();
            } catch (IOException e) {
                if (e instanceof FileChanged) {
                    fileProblem = e;
                }
                stop();
                subscriber.onError(e);
            } catch (RuntimeException | Error e) {
                stop();
                subscriber.onError(e);
                throw e;
            } finally {
                for (ByteBuffer b : ring) {
                    give(b);
                }
                if (!md5.isDone()) {
                    md5.completeExceptionally(new IOException("the upload's body was abandoned"));
                }
            }
        }

        /**
         * Before the last chunk goes out: bytes read from a file that someone wrote to meanwhile
         * are a mix no one wrote, and their MD5 would still match what the store got, so the
         * body is cut short instead (the store keeps nothing of an incomplete body). Told by the
         * size and the modification time (a write within the file system's timestamp tick of the
         * one before the upload started would pass unseen).
         */
        private void unchanged(FileTime modified) throws IOException {
            if (Files.size(file) != size || !Files.getLastModifiedTime(file).equals(modified)) {
                throw new FileChanged(file.toAbsolutePath() + " changed while it was being uploaded (its size or modification time is"
                        + " not what it was when the upload started), so what was read is a mix of old and new bytes; the upload was"
                        + " stopped before its last bytes");
            }
        }

        /** The buffer of {@code slot}, once the client has consumed what it last held; null if stopped. */
        private ByteBuffer free(int slot) {
            ByteBuffer b = ring[slot];
            if (b == null) {
                return ring[slot] = take();
            }
            long since = System.nanoTime();
            while (b.hasRemaining()) { // not expected of the JDK client (see the class comment)
                if (stopped) {
                    return null;
                }
                if (System.nanoTime() - since > BUSY_WAIT_NANOS) {
                    return ring[slot] = ByteBuffer.allocateDirect(CHUNK); // still the client's: leave it to it
                }
                LockSupport.parkNanos(100_000);
            }
            return b;
        }

        /** Waits for the client to ask for a buffer (its request unparks this thread); false if stopped. */
        private boolean awaitDemand() {
            while (true) {
                if (stopped) {
                    return false;
                }
                long d = demand.get();
                if (d > 0 && demand.compareAndSet(d, d == Long.MAX_VALUE ? d : d - 1)) {
                    return true;
                }
                if (d <= 0) {
                    LockSupport.parkNanos(this, 100_000_000);
                }
            }
        }
    }
}

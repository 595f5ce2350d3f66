package io.github.usmartkit.internal.upload;

import io.github.usmartkit.internal.http.Threads;
import io.github.usmartkit.progress.ProgressListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * by a thread of its own and handed to the HTTP client as it asks for them, while a second thread
 * computes their MD5 from the same buffers. The thread that feeds the socket neither reads the
 * file nor hashes: with the JDK's {@code BodyPublishers.ofInputStream} it did both, and allocated
 * a new array for every 16 KiB (issue 13: about 1.8 s of its CPU per GiB). Direct buffers go to
 * the socket (and come from the file) without a copy through a temporary buffer. Memory stays
 * flat: {@link #SLOTS} buffers of {@link #CHUNK} per upload, kept in a small pool between uploads.
 *
 * <p>A buffer is used again only once the hasher is done with it and the client has consumed it
 * (nothing left in it: the socket's write, or TLS's wrap, moves its position to its limit). The
 * JDK client (17) asks for the next buffer only after handing the last one to its socket, so at
 * most two are in its hands; should a buffer still hold bytes when its turn comes again, it is
 * left to the client and a new one is taken.
 *
 * <p>Each subscription (the client subscribes again if it resends the body) reads the file from
 * the start with an MD5 of its own; {@link #md5()} is that of the latest, once every byte it
 * published has been hashed.
 */
final class FileBody implements Flow.Publisher<ByteBuffer>, AutoCloseable {

    static final int CHUNK = 256 * 1024;
    static final int SLOTS = 8;
    /** Buffers kept between uploads (two uploads' worth at once). */
    private static final int POOLED = 2 * SLOTS;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicLong POOL_SIZE = new AtomicLong();
    private static final ExecutorService THREADS = Threads.daemonPool("usmart-upload");
    /** How long a buffer still in the client's hands is waited for before a fresh one is taken. */
    private static final long BUSY_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** For the hasher: every byte published has been queued; the MD5 is complete. */
    private static final ByteBuffer END = ByteBuffer.allocate(0);
    /** For the hasher: the subscription was stopped; no MD5. */
    private static final ByteBuffer STOP = ByteBuffer.allocate(0);

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

    /** One subscription: the pump (file → buffers → subscriber) and the hasher (buffers → MD5). */
    private final class Run implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final ByteBuffer[] ring = new ByteBuffer[SLOTS];
        /** Views of the published buffers, for the hasher, then {@link #END} (or {@link #STOP}). */
        private final BlockingQueue<ByteBuffer> toHash = new ArrayBlockingQueue<>(SLOTS + 1);
        private final AtomicLong hashed = new AtomicLong();
        private final CompletableFuture<byte[]> md5 = new CompletableFuture<>();
        private volatile boolean stopped;
        /** Every chunk was published and {@link #END} queued: the hasher finishes even if stopped now. */
        private volatile boolean ended;
        private volatile Thread pumpThread;

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
            toHash.offer(STOP); // wakes the hasher (if the queue is full it finds stopped when it polls)
        }

        void pump() {
            pumpThread = Thread.currentThread();
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is required of every Java platform", e);
            }
            CompletableFuture<Void> hasher = CompletableFuture.runAsync(() -> hash(md), THREADS);
            long sent = 0;
            long reported = 0;
            long chunks = 0;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (sent < size) {
                    int slot = (int) (chunks % SLOTS);
                    ByteBuffer b = free(slot, chunks);
                    if (b == null) {
                        return; // stopped
                    }
                    b.clear();
                    b.limit((int) Math.min(CHUNK, size - sent));
                    while (b.hasRemaining()) {
                        if (ch.read(b, sent + b.position()) < 0) {
                            throw new IOException(file.getFileName() + " got shorter while it was being uploaded (" + (sent + b.position())
                                    + " of " + size + " bytes)");
                        }
                    }
                    b.flip();
                    while (!toHash.offer(b.duplicate(), 100, TimeUnit.MILLISECONDS)) {
                        if (stopped) {
                            return;
                        }
                    }
                    if (!awaitDemand()) {
                        return;
                    }
                    sent += b.remaining();
                    chunks++;
                    subscriber.onNext(b);
                    if (sent - reported >= 256 * 1024 || sent == size) {
                        reported = sent;
                        listener.update(task, sent, size);
                    }
                }
                while (!toHash.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    if (stopped) {
                        return;
                    }
                }
                ended = true;
                subscriber.onComplete();
            } catch (IOException e) {
                stop();
                subscriber.onError(e);
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                stop();
                subscriber.onError(e);
                throw e;
            } finally {
                hasher.whenComplete((x, y) -> {
                    for (ByteBuffer b : ring) {
                        give(b);
                    }
                });
                if (stopped && !ended) {
                    md5.completeExceptionally(new IOException("the upload's body was abandoned"));
                }
            }
        }

        /** The buffer of {@code slot} for chunk number {@code chunk}, once it is free; null if stopped. */
        private ByteBuffer free(int slot, long chunk) {
            ByteBuffer b = ring[slot];
            if (b == null) {
                return ring[slot] = take();
            }
            long since = System.nanoTime();
            // its last chunk was number chunk - SLOTS: hashed, and consumed by the client?
            while (hashed.get() <= chunk - SLOTS || b.hasRemaining()) {
                if (stopped) {
                    return null;
                }
                if (hashed.get() > chunk - SLOTS && System.nanoTime() - since > BUSY_WAIT_NANOS) {
                    return ring[slot] = ByteBuffer.allocateDirect(CHUNK); // still the client's: leave it to it
                }
                LockSupport.parkNanos(50_000);
            }
            return b;
        }

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
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
        }

        private void hash(MessageDigest md) {
            try {
                while (true) {
                    ByteBuffer b = toHash.poll(100, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        if (stopped && !ended) {
                            return;
                        }
                        continue;
                    }
                    if (b == END) {
                        md5.complete(md.digest());
                        return;
                    }
                    if (b == STOP) {
                        return;
                    }
                    md.update(b);
                    hashed.incrementAndGet();
                    LockSupport.unpark(pumpThread);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!md5.isDone()) {
                    md5.completeExceptionally(new IOException("the upload's body was abandoned before it was hashed"));
                }
            }
        }
    }
}

package io.github.usmartkit.internal.upload;

import io.github.usmartkit.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PUT's body as a Flow publisher, held to what the JDK client relies on and to what the
 * upload relies on: every byte once and in order, an MD5 of exactly those bytes, a few buffers
 * used again only once consumed, and an error (not a short body) when the file shrinks. The
 * whole PUT over HTTP is covered by UploadTest and UploadBytesTest (the sandbox: the bytes stored are
 * the file's, a file changed mid-way registers nothing) and S3ProxyPutTest (S3).
 */
class FileBodyTest {

    @TempDir
    Path dir;

    /** Requests one buffer at a time, like the JDK client; copies it; drains it or not. */
    static final class Taker implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final Set<ByteBuffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final boolean drain;
        Flow.Subscription subscription;

        Taker(boolean drain) {
            this.drain = drain;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer b) {
            buffers.add(b);
            ByteBuffer view = drain ? b : b.duplicate();
            byte[] copy = new byte[view.remaining()];
            view.get(copy);
            got.writeBytes(copy);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    private Path file(long size) throws IOException {
        byte[] data = new byte[(int) size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve("f-" + size + ".bin"), data);
    }

    @Test
    void publishesTheFileOnceInOrder_md5OfThoseBytes_fewBuffersUsedAgain() throws Exception {
        Path f = file(10L * FileBody.CHUNK + 12345);
        try (FileBody body = new FileBody(f, Files.size(f), ProgressListener.none(), "t")) {
            Taker t = new Taker(true);
            body.subscribe(t);
            t.done.get(30, TimeUnit.SECONDS);
            byte[] data = Files.readAllBytes(f);
            assertArrayEquals(data, t.got.toByteArray());
            assertArrayEquals(MessageDigest.getInstance("MD5").digest(data), body.md5(Duration.ofSeconds(10)));
            assertTrue(t.buffers.size() <= FileBody.SLOTS, "buffers used again: " + t.buffers.size());
        }
    }

    @Test
    void aBufferTheClientHasNotConsumedIsNeverOverwritten() throws Exception {
        Path f = file(12L * FileBody.CHUNK + 7);
        try (FileBody body = new FileBody(f, Files.size(f), ProgressListener.none(), "t")) {
            Taker t = new Taker(false); // reads a copy, leaves each buffer's bytes "unsent"
            body.subscribe(t);
            t.done.get(60, TimeUnit.SECONDS);
            assertArrayEquals(Files.readAllBytes(f), t.got.toByteArray());
            assertTrue(t.buffers.size() > FileBody.SLOTS, "fresh buffers were taken: " + t.buffers.size());
        }
    }

    @Test
    void aFileShorterThanAnnounced_isAnErrorNamingIt() throws Exception {
        Path f = file(3L * FileBody.CHUNK);
        try (FileBody body = new FileBody(f, Files.size(f) + 10, ProgressListener.none(), "t")) {
            Taker t = new Taker(true);
            body.subscribe(t);
            Exception e = assertThrows(Exception.class, () -> t.done.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException && e.getCause().getMessage().contains(f.getFileName() + " got shorter"),
                    String.valueOf(e.getCause()));
            assertThrows(Exception.class, () -> body.md5(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aSecondSubscriptionStartsAgain_withItsOwnMd5() throws Exception {
        Path f = file(2L * FileBody.CHUNK + 1);
        try (FileBody body = new FileBody(f, Files.size(f), ProgressListener.none(), "t")) {
            Taker first = new Taker(true);
            body.subscribe(first);
            first.done.get(30, TimeUnit.SECONDS);
            Taker second = new Taker(true);
            body.subscribe(second);
            second.done.get(30, TimeUnit.SECONDS);
            byte[] data = Files.readAllBytes(f);
            assertArrayEquals(data, second.got.toByteArray());
            assertEquals(MessageDigest.getInstance("MD5").digest(data).length, body.md5(Duration.ofSeconds(10)).length);
            assertArrayEquals(MessageDigest.getInstance("MD5").digest(data), body.md5(Duration.ofSeconds(10)));
        }
    }
}

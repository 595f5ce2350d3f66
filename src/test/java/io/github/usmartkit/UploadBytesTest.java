package io.github.usmartkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.internal.upload.Uploader;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.upload.PutResult;
import io.github.usmartkit.upload.UploadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches the store is the file, byte for byte, though the upload reads it into a few
 * direct buffers reused from chunk to chunk and from upload to upload (one pool for all), and
 * hashes them while the HTTP client writes them: the sandbox's ETag (its MD5 of what it stored)
 * is compared with an MD5 of the file computed here. A file written to while it is uploaded is
 * a mix no one wrote: the upload fails naming it and registers nothing.
 */
class UploadBytesTest {

    static final String PLAYGROUND = Sandboxes.PLAYGROUND;
    /** The upload's chunk (FileBody.CHUNK, package-private there). */
    static final int CHUNK = 1024 * 1024;

    @RegisterExtension
    static final Sandboxes.Session session = new Sandboxes.Session(b -> b);

    @TempDir
    Path dir;

    private Path random(String name, long size, long seed) throws IOException {
        byte[] data = new byte[(int) size];
        new Random(seed).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    private static String md5(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
    }

    /** PUTs {@code f} to a fresh signed URL of the sandbox. */
    private static PutResult put(Path f) throws IOException {
        JsonNode signed = session.usmart().action("s3:generatePutRequest", Map.of("fileName", f.getFileName().toString()));
        return Uploader.create().put(URI.create(signed.path("signedRequest").asText()), signed.path("contentType").asText(), f, null);
    }

    private int fileCount() {
        return session.usmart().dataset(PLAYGROUND).view().files().size();
    }

    @Test
    void theStoreGetsEachFileExactly_acrossChunksAndOneUploadAfterAnother() throws Exception {
        // more chunks than buffers (each buffer used again), a last chunk cut short, exactly one chunk, less than one
        long[] sizes = {9L * CHUNK + 4321, CHUNK, CHUNK - 1, 3, 6L * CHUNK};
        for (int i = 0; i < sizes.length; i++) {
            Path f = random("f" + i + ".bin", sizes[i], 100 + i);
            PutResult r = put(f);
            assertEquals(md5(f), r.etag(), "the store's MD5 of what it got is the file's: " + f.getFileName());
            assertEquals(r.etag(), r.md5());
            assertEquals(Boolean.TRUE, r.etagMatches());
            assertEquals(sizes[i], r.bytes());
        }
    }

    @Test
    void twoUploadsAtOnceDrawingOnTheSamePool_eachStoresItsOwnBytes() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(random("c" + i + ".bin", 5L * CHUNK + 17 * i, 200 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(files.size());
        try {
            List<Future<PutResult>> puts = new ArrayList<>();
            for (Path f : files) {
                puts.add(pool.submit(() -> put(f)));
            }
            for (int i = 0; i < files.size(); i++) {
                assertEquals(md5(files.get(i)), puts.get(i).get(60, TimeUnit.SECONDS).etag(), files.get(i).getFileName().toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A listener that runs {@code change} once the upload has sent {@code after} bytes. */
    private static ProgressListener onceAfter(long after, Runnable change) {
        AtomicBoolean done = new AtomicBoolean();
        return (task, sent, total) -> {
            if (sent >= after && done.compareAndSet(false, true)) {
                change.run();
            }
        };
    }

    @Test
    void aFileWrittenToWhileItIsUploaded_failsNamingIt_andRegistersNothing() throws Exception {
        Path f = random("changing.bin", 8L * CHUNK + 99, 7);
        int before = fileCount();
        ProgressListener writer = onceAfter(2L * CHUNK, () -> {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                Thread.sleep(20); // past the file system's timestamp tick
                raf.seek(Files.size(f) - 10);
                raf.write(new byte[10]); // same size, other bytes near the end (not read yet)
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        UploadFailedException e = assertThrows(UploadFailedException.class,
                () -> session.usmart().dataset(PLAYGROUND).add(f, UploadOptions.defaults().progress(writer)));
        assertTrue(e.what().contains("changed while it was being uploaded"), e.what());
        assertTrue(e.what().contains(f.toAbsolutePath().toString()), e.what());
        assertFalse(e.getMessage().contains("X-Usmart-Signature"), e.getMessage());
        assertEquals(1, e.attempts(), "not retried while something writes to the file: " + e.getMessage());
        assertEquals(before, fileCount(), "nothing registered");
    }

    @Test
    void aFileCutShortWhileItIsUploaded_failsNamingIt_andRegistersNothing() throws Exception {
        Path f = random("shrinking.bin", 8L * CHUNK + 99, 8);
        int before = fileCount();
        ProgressListener truncater = onceAfter(2L * CHUNK, () -> {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(3L * CHUNK);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        UploadFailedException e = assertThrows(UploadFailedException.class,
                () -> session.usmart().dataset(PLAYGROUND).add(f, UploadOptions.defaults().progress(truncater)));
        assertTrue(e.what().contains("got shorter while it was being uploaded"), e.what());
        assertEquals(before, fileCount(), "nothing registered");
    }
}

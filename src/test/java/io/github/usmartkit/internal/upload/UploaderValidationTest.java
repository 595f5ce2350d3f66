package io.github.usmartkit.internal.upload;


import io.github.usmartkit.error.UploadFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks made before any URL is asked for (the sandbox tests show no call is made). */
class UploaderValidationTest {

    @TempDir
    Path dir;

    private String refused(Path p, boolean allowEmpty) {
        return assertThrows(UploadFailedException.class, () -> Uploader.validate(p, allowEmpty, "file:create", "ds")).getMessage();
    }

    @Test
    void validate_refusesMissingFile() {
        assertTrue(refused(dir.resolve("nope.csv"), false).contains("does not exist"));
    }

    @Test
    void validate_refusesDirectory() {
        assertTrue(refused(dir, false).contains("is a directory"));
    }

    @Test
    void validate_refusesEmptyFileUnlessAllowed() throws IOException {
        Path p = Files.createFile(dir.resolve("empty.csv"));
        String m = refused(p, false);
        assertTrue(m.contains("is empty") && m.contains("allowEmpty(true)"), m);
        assertEquals(0, Uploader.validate(p, true, "file:create", "ds"));
    }

    @Test
    void validate_refusesFileOver5GB() throws IOException {
        Path p = dir.resolve("huge.csv");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(Uploader.MAX_BYTES + 1); // sparse: no disk used
        }
        String m = refused(p, false);
        assertTrue(m.contains("over the 5 GB limit"), m);
    }

    @Test
    void validate_refusesBrokenSymlink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), dir.resolve("gone.csv"));
        assertTrue(refused(link, false).contains("broken symbolic link"));
    }

    @Test
    void validate_refusesNonRegularFile() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo available");
        assertTrue(refused(fifo, false).contains("not a regular file"));
    }

    @Test
    void validate_namesFileAndActionAndGuid() {
        String m = refused(dir.resolve("x.csv"), false);
        assertTrue(m.startsWith("file:create on ds failed"), m);
        assertTrue(m.contains("x.csv"), m);
    }
}

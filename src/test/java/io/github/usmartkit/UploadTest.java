package io.github.usmartkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.model.DatasetView;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.upload.PutResult;
import io.github.usmartkit.upload.UploadOptions;
import io.github.usmartkit.upload.UploadResult;
import io.github.usmartkit.internal.upload.Uploader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_FILE;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads against the sandbox's object store: S3 errors, expiry, register failures, progress. */
class UploadTest {

    @RegisterExtension
    static final Sandboxes.Session session = new Sandboxes.Session(b -> b.maxObjectBytes(64 * 1024));

    @TempDir
    Path dir;

    private int fileCount() {
        return session.usmart().dataset(PLAYGROUND).view().files().size();
    }

    private static String full(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w + " " + e;
    }

    private static void assertNoSignedQuery(Throwable e) {
        String s = full(e);
        assertFalse(s.contains("X-Usmart-Signature"), s);
        assertFalse(s.contains("X-Usmart-Expires"), s);
    }

    @Test
    void addAndReplace_badFilesAreEachRefusedWithOwnMessageAndNoCall() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        Path huge = dir.resolve("huge.csv");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(Uploader.MAX_BYTES + 1); // sparse: no disk used
        }
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(dir.resolve("missing.csv"), "does not exist");
        cases.put(dir, "is a directory");
        cases.put(empty, "is empty (0 bytes)");
        cases.put(huge, "over the 5 GB limit");
        Dataset ds = session.usmart().dataset(PLAYGROUND);
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            String added = assertThrows(UploadFailedException.class, () -> ds.add(c.getKey())).getMessage();
            assertTrue(added.startsWith("file:create on " + PLAYGROUND + " failed: upload refused before contacting the service")
                    && added.contains(c.getValue()), added);
            String replaced = assertThrows(UploadFailedException.class,
                    () -> session.usmart().dataset(CAR).replace(CAR_FILE, c.getKey())).getMessage();
            assertTrue(replaced.startsWith("file:updateRevision on " + CAR_FILE) && replaced.contains(c.getValue()), replaced);
        }
        assertEquals(List.of(), session.log().lines(), "no request of any kind reached the sandbox");
    }

    @Test
    void add_unreadableFileIsRefusedWithNoCall() throws IOException {
        Path f = Sandboxes.csv(dir, "secret.csv", 2);
        Files.setPosixFilePermissions(f, java.util.Set.of());
        Assumptions.assumeFalse(Files.isReadable(f), "root may read any file: this check needs a normal user");
        String m = assertThrows(UploadFailedException.class, () -> session.usmart().dataset(PLAYGROUND).add(f)).getMessage();
        assertTrue(m.contains("is not readable") && m.contains("chmod u+r"), m);
        assertEquals(List.of(), session.log().lines(), "no request of any kind reached the sandbox");
    }

    @Test
    void add_expiredUrlGetsFreshUrlAndSucceeds() throws IOException {
        int before = fileCount();
        session.sandbox().faults().expireNextUrls(1);
        UploadResult r = session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "expiry.csv", 5));
        assertEquals(before + 1, fileCount());
        assertTrue(session.usmart().dataset(PLAYGROUND).view().file(r.fileGuid()).isPresent());
    }

    @Test
    void add_alwaysExpiredUrlFailsWithAccessDeniedAndRegistersNothing() throws IOException {
        int before = fileCount();
        session.sandbox().faults().expireNextUrls(10);
        UploadFailedException e = assertThrows(UploadFailedException.class,
                () -> session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "expired.csv", 5)));
        assertEquals(403, e.status());
        assertEquals("AccessDenied", e.serviceCode().orElseThrow());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was registered"), e.getMessage());
        assertNoSignedQuery(e);
        assertEquals(before, fileCount(), "no register call after a failed PUT");
    }

    @Test
    void add_putServerErrorIsRetried() throws IOException {
        int before = fileCount();
        session.sandbox().faults().failNext("PUT", 503, 2);
        session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "retry-put.csv", 5));
        assertEquals(before + 1, fileCount());
    }

    @Test
    void add_putResetIsRetried() throws IOException {
        int before = fileCount();
        session.sandbox().faults().resetNext("PUT", 1);
        session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "reset-put.csv", 5));
        assertEquals(before + 1, fileCount());
    }

    @Test
    void add_persistentPutFailureCarriesS3CodeAndSkipsRegister() throws IOException {
        int before = fileCount();
        session.sandbox().faults().failNext("PUT", 500, 10);
        UploadFailedException e = assertThrows(UploadFailedException.class,
                () -> session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "put-500.csv", 5)));
        assertEquals(500, e.status());
        assertEquals("InternalError", e.serviceCode().orElseThrow());
        assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
        assertNoSignedQuery(e);
        assertEquals(4, session.log().countOnce("PUT", 4), "PUT tried as often as the policy allows, no more: " + session.log().lines());
        assertEquals(4, session.log().count("s3:generatePutRequest"), "a fresh URL for each PUT");
        assertEquals(0, session.log().count("file:create"), "no register call after a failed PUT");
        assertEquals(before, fileCount());
    }

    @Test
    void add_persistentCreateFailureIsSentOnlyMaxAttemptsTimes() throws IOException {
        session.sandbox().faults().failNext("file:create", 503, 20);
        RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                () -> session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "storm.csv", 5)));
        assertEquals(503, e.status());
        assertEquals(4, session.log().countOnce("file:create", 4), "checked and repeated within the policy, no nested retries: " + session.log().lines());
        assertEquals(1, session.log().count("PUT"), "uploaded once");
    }

    @Test
    void add_createAppliedButAnswerLostRegistersExactlyOneFile() throws IOException {
        int before = fileCount();
        session.sandbox().faults().applyThenFail("file:create", 502, 1);
        UploadResult r = session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "lost-answer.csv", 5));
        assertEquals(before + 1, fileCount(), "exactly one new file, no duplicate");
        assertEquals("lost-answer.csv", session.usmart().dataset(PLAYGROUND).view().file(r.fileGuid()).orElseThrow().fileName());
        assertEquals(1, session.log().count("file:create"), "found with dataset:view, not sent again: " + session.log().lines());
    }

    @Test
    void add_createAppliedButConnectionResetRegistersExactlyOneFile() throws IOException {
        int before = fileCount();
        session.sandbox().faults().applyThenReset("file:create", 1);
        UploadResult r = session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "lost-reset.csv", 5));
        assertEquals(before + 1, fileCount(), "exactly one new file, no duplicate");
        assertTrue(session.usmart().dataset(PLAYGROUND).view().file(r.fileGuid()).isPresent());
    }

    @Test
    void replace_updateAppliedButAnswerLostGivesExactlyOneNewRevision() throws IOException {
        long rev = session.usmart().dataset(CAR).view().file(CAR_FILE).orElseThrow().revision();
        session.sandbox().faults().applyThenFail("file:updateRevision", 503, 1);
        UploadResult r = session.usmart().dataset(CAR).replaceFile(CAR_FILE, Sandboxes.carCsv(dir, "car.csv", 9), UploadOptions.defaults());
        assertEquals(rev + 1, r.revision());
        assertEquals(rev + 1, session.usmart().dataset(CAR).view().file(CAR_FILE).orElseThrow().revision(), "one revision, not two");
        assertEquals(1, session.log().count("file:updateRevision"), session.log().lines().toString());
    }

    @Test
    void add_putStoredButAnswerLostIsUploadedAgainAndRegisteredOnce() throws IOException {
        int before = fileCount();
        session.sandbox().faults().applyThenFail("PUT", 500, 1);
        UploadResult r = session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "put-lost.csv", 5));
        assertEquals(before + 1, fileCount());
        assertEquals(2, session.log().count("PUT"), "a lost PUT answer is safe to repeat (fresh URL)");
        assertEquals(Boolean.TRUE, r.etagMatches());
    }

    @Test
    void add_tooLargeForStoreIsEntityTooLarge() throws IOException {
        Path big = Files.write(dir.resolve("big.csv"), new byte[100 * 1024]);
        UploadFailedException e = assertThrows(UploadFailedException.class, () -> session.usmart().dataset(PLAYGROUND).add(big));
        assertEquals("EntityTooLarge", e.serviceCode().orElseThrow());
        assertNoSignedQuery(e);
    }

    /**
     * Asks for a signed URL for a small CSV {@code name}, edits the URL, PUTs the file with
     * {@code contentType} straight to the store, and returns the refusal.
     */
    private UploadFailedException refusedPut(String name, java.util.function.UnaryOperator<String> editUrl, String contentType)
            throws IOException {
        Path f = Sandboxes.csv(dir, name, 3);
        JsonNode signed = session.usmart().action("s3:generatePutRequest", Map.of("fileName", name));
        assertEquals("text/csv", signed.path("contentType").asText());
        String url = editUrl.apply(signed.path("signedRequest").asText());
        return assertThrows(UploadFailedException.class, () -> Uploader.create().put(URI.create(url), contentType, f, null));
    }

    @Test
    void put_wrongContentTypeIsSignatureDoesNotMatch() throws IOException {
        UploadFailedException e = refusedPut("ct.csv", url -> url, "application/octet-stream");
        assertEquals(403, e.status());
        assertEquals("SignatureDoesNotMatch", e.serviceCode().orElseThrow());
        assertTrue(e.getMessage().contains("Content-Type"), e.getMessage());
        assertNoSignedQuery(e);
    }

    @Test
    void put_tamperedSignatureIsSignatureDoesNotMatch() throws IOException {
        UploadFailedException e = refusedPut("tamper.csv",
                url -> url.replaceAll("X-Usmart-Signature=[0-9a-f]", "X-Usmart-Signature=z"), "text/csv");
        assertEquals("SignatureDoesNotMatch", e.serviceCode().orElseThrow());
        assertNoSignedQuery(e);
    }

    @Test
    void put_sendsExactSignedContentTypeAndMatchesEtag() throws IOException {
        Path f = Files.writeString(dir.resolve("data.json"), "[{\"a\":1}]");
        JsonNode signed = session.usmart().action("s3:generatePutRequest", Map.of("fileName", "data.json"));
        assertEquals("application/json", signed.path("contentType").asText());
        PutResult r = Uploader.create().put(URI.create(signed.path("signedRequest").asText()),
                signed.path("contentType").asText(), f, null);
        assertEquals(200, r.status());
        assertEquals(Boolean.TRUE, r.etagMatches());
        assertEquals(Files.size(f), r.bytes());
    }

    @Test
    void add_reportsProgressUpToFileSize() throws IOException {
        try (Sandbox roomy = Sandbox.start(); USmart u = Sandboxes.connect(roomy, roomy.providerKey())) {
            byte[] data = new byte[3 * 1024 * 1024 + 17];
            new java.util.Random(1).nextBytes(data);
            Path f = Files.write(dir.resolve("progress.bin"), data); // random bytes: not a CSV, so no preflight
            List<long[]> seen = new ArrayList<>();
            boolean[] finished = {false};
            ProgressListener l = new ProgressListener() {
                @Override
                public void update(String task, long done, long total) {
                    seen.add(new long[] {done, total});
                }

                @Override
                public void finished(String task, boolean ok) {
                    finished[0] = ok;
                }
            };
            UploadResult r = u.dataset(PLAYGROUND).add(f, l);
            assertEquals(Boolean.TRUE, r.etagMatches());
            assertTrue(seen.size() >= 3, "several updates: " + seen.size());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0], "monotonic");
            }
            assertEquals(data.length, seen.get(seen.size() - 1)[0]);
            assertEquals(data.length, seen.get(0)[1]);
            assertTrue(finished[0]);
        }
    }

    @Test
    void add_registerFailureCarriesReferenceAndRetryRegistersOnce() throws IOException {
        int before = fileCount();
        session.sandbox().faults().failNext("file:create", 400, 1);
        RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                () -> session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "register.csv", 5)));
        assertTrue(e.reference().contains("register.csv"), e.reference());
        assertTrue(e.getMessage().contains(e.reference()), e.getMessage());
        assertTrue(e.getMessage().contains("retryRegister()"), e.getMessage());
        assertEquals("file:create", e.action());
        assertEquals(before, fileCount());
        String guid = e.retryRegister().fileGuid();
        assertEquals(before + 1, fileCount());
        assertEquals(1, session.log().count("PUT"), "the retry registers only, no second upload");
        assertEquals("register.csv", session.usmart().dataset(PLAYGROUND).view().file(guid).orElseThrow().fileName());
    }

    @Test
    void replace_ambiguousRegisterFailuresThenRegisterPendingBumpsRevisionOnce() throws IOException {
        long rev = session.usmart().dataset(CAR).view().file(CAR_FILE).orElseThrow().revision();
        session.sandbox().faults().failNext("file:updateRevision", 502, 4);
        RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                () -> session.usmart().dataset(CAR).replace(CAR_FILE, Sandboxes.carCsv(dir, "car.csv", 8)));
        assertEquals(502, e.status());
        assertEquals(rev, session.usmart().dataset(CAR).view().file(CAR_FILE).orElseThrow().revision());
        UploadResult r = session.usmart().dataset(CAR).register(e.pending());
        assertEquals(rev + 1, r.revision());
        DatasetView v = session.usmart().dataset(CAR).view();
        assertEquals(rev + 1, v.file(CAR_FILE).orElseThrow().revision());
    }

    @Test
    void add_serverErrorOnCreateIsCheckedThenRepeatedOnce() throws IOException {
        int before = fileCount();
        session.sandbox().faults().failNext("file:create", 500, 1);
        UploadResult r = session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "create-500.csv", 5));
        assertEquals(before + 1, fileCount(), "exactly one file registered");
        assertTrue(session.usmart().dataset(PLAYGROUND).view().file(r.fileGuid()).isPresent());
    }

    @Test
    void add_resetOnCreateIsCheckedNotDuplicated() throws IOException {
        int before = fileCount();
        session.sandbox().faults().resetNext("file:create", 1);
        session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "create-reset.csv", 5));
        assertEquals(before + 1, fileCount(), "exactly one file registered");
    }

    @Test
    void register_refusesPendingOfAnotherDataset() throws IOException {
        session.sandbox().faults().failNext("file:create", 400, 1);
        RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                () -> session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "other.csv", 5)));
        assertThrows(io.github.usmartkit.error.BadRequestException.class, () -> session.usmart().dataset(CAR).register(e.pending()));
    }

    @Test
    void add_generatePutRequestFailureIsRetried() throws IOException {
        int before = fileCount();
        session.sandbox().faults().failNext("s3:generatePutRequest", 429, 1);
        session.usmart().dataset(PLAYGROUND).add(Sandboxes.csv(dir, "rate.csv", 5), UploadOptions.defaults());
        assertEquals(before + 1, fileCount());
    }

    @Test
    void put_withoutSignatureIsAccessDeniedNotRetriedAsExpiry() throws IOException {
        UploadFailedException e = refusedPut("nosig.csv", url -> url.replaceAll("\\?.*$", ""), "text/csv");
        assertEquals(403, e.status());
        assertEquals("AccessDenied", e.serviceCode().orElseThrow());
        assertFalse(e.getMessage().contains("expired"), e.getMessage());
    }
}

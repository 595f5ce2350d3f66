package io.github.usmartkit.internal.upload;

import io.github.usmartkit.upload.PutResult;

import io.github.usmartkit.error.UploadFailedException;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's PUT against a real S3 implementation (S3Proxy on the file system) with URLs
 * presigned by the AWS SDK v2: proves the upload path is what S3 accepts, not only our sandbox.
 */
@org.junit.jupiter.api.Tag("slow")
class S3ProxyPutTest {

    private static final String ID = "AKIAUSMARTKITTEST";
    private static final String SECRET = "s3proxy-test-secret-0123456789";
    private static final String BUCKET = "usmart-uploads";

    static Path base;
    static BlobStoreContext context;
    static BlobStore store;
    static S3Proxy proxy;
    static S3Presigner presigner;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory("s3proxy");
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", base.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
        store = context.getBlobStore();
        store.createContainerInLocation(null, BUCKET); // no location constraint: the filesystem backend refuses one
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ID, SECRET).ignoreUnknownHeaders(true).build();
        proxy.start();
        for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(20);
        }
        presigner = S3Presigner.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ID, SECRET)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        presigner.close();
        proxy.stop();
        context.close();
    }

    private static URI presign(String key, String contentType, Duration valid) throws Exception {
        PutObjectPresignRequest req = PutObjectPresignRequest.builder().signatureDuration(valid)
                .putObjectRequest(b -> b.bucket(BUCKET).key(key).contentType(contentType)).build();
        return presigner.presignPutObject(req).url().toURI();
    }

    private static void noSignedQuery(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        assertFalse(s.contains("X-Amz-Signature="), s);
        assertFalse(s.contains("X-Amz-Credential="), s);
        assertFalse(s.contains(ID), s);
    }

    @Test
    void put_isAcceptedAndStoredByteForByte() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(data);
        Path f = Files.write(dir.resolve("big.csv"), data);
        AtomicLong last = new AtomicLong();
        PutResult r = Uploader.create().put(presign("uploads/1/big.csv", "text/csv", Duration.ofMinutes(5)), "text/csv", f,
                (task, done, total) -> last.set(done));
        assertEquals(200, r.status());
        assertEquals(Boolean.TRUE, r.etagMatches(), "ETag is the MD5 computed while streaming");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)), r.md5());
        assertEquals(data.length, last.get());
        Blob blob = store.getBlob(BUCKET, "uploads/1/big.csv");
        assertNotNull(blob);
        try (InputStream in = blob.getPayload().openStream()) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals("text/csv", blob.getMetadata().getContentMetadata().getContentType());
    }

    @Test
    void put_urlIsReusableUntilExpiry() throws Exception {
        Path f = Files.writeString(dir.resolve("a.json"), "{\"a\":1}");
        URI url = presign("uploads/2/a.json", "application/json", Duration.ofMinutes(5));
        assertEquals(200, Uploader.create().put(url, "application/json", f, null).status());
        assertEquals(200, Uploader.create().put(url, "application/json", f, null).status());
    }

    @Test
    void put_wrongContentTypeIsSignatureDoesNotMatch() throws Exception {
        Path f = Files.writeString(dir.resolve("b.csv"), "a,b\n1,2\n");
        URI url = presign("uploads/3/b.csv", "text/csv", Duration.ofMinutes(5));
        UploadFailedException e = assertThrows(UploadFailedException.class,
                () -> Uploader.create().put(url, "text/csv; charset=utf-8", f, null));
        assertEquals(403, e.status());
        assertEquals("SignatureDoesNotMatch", e.serviceCode().orElseThrow());
        noSignedQuery(e);
        assertEquals(null, store.getBlob(BUCKET, "uploads/3/b.csv"));
    }

    @Test
    void put_tamperedSignatureIsSignatureDoesNotMatch() throws Exception {
        Path f = Files.writeString(dir.resolve("c.csv"), "a\n1\n");
        String url = presign("uploads/4/c.csv", "text/csv", Duration.ofMinutes(5)).toString();
        String tampered = url.replaceAll("X-Amz-Signature=([0-9a-f])", "X-Amz-Signature=0$1").replaceAll("X-Amz-Signature=0([0-9a-f]{64})[0-9a-f]", "X-Amz-Signature=$1");
        UploadFailedException e = assertThrows(UploadFailedException.class,
                () -> Uploader.create().put(URI.create(tampered), "text/csv", f, null));
        assertEquals(403, e.status());
        assertEquals("SignatureDoesNotMatch", e.serviceCode().orElseThrow());
        noSignedQuery(e);
    }

    @Test
    void put_expiredUrlIsAccessDeniedAndMarkedExpired() throws Exception {
        Path f = Files.writeString(dir.resolve("d.csv"), "a\n1\n");
        URI url = presign("uploads/5/d.csv", "text/csv", Duration.ofSeconds(1));
        Thread.sleep(2100); // let the 1-second URL expire (S3 precision is one second)
        UploadFailedException e = assertThrows(UploadFailedException.class,
                () -> Uploader.create().put(url, "text/csv", f, null));
        assertEquals(403, e.status());
        assertEquals("AccessDenied", e.serviceCode().orElseThrow());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        noSignedQuery(e);
    }

    @Test
    void put_emptyFileIsAccepted() throws Exception {
        Path f = Files.createFile(dir.resolve("empty.csv"));
        PutResult r = Uploader.create().put(presign("uploads/6/empty.csv", "text/csv", Duration.ofMinutes(5)), "text/csv", f, null);
        assertEquals(200, r.status());
        assertEquals(Boolean.TRUE, r.etagMatches());
    }
}

package io.github.usmartkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usmartkit.config.ApiKey;
import io.github.usmartkit.config.ProxySettings;
import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.RefreshFailedException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.internal.upload.Uploader;
import io.github.usmartkit.progress.ProgressListener;
import io.github.usmartkit.read.Filter;
import io.github.usmartkit.read.Interval;
import io.github.usmartkit.read.Metric;
import io.github.usmartkit.read.RowQuery;
import io.github.usmartkit.read.Sort;
import io.github.usmartkit.read.Urql;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.upload.PendingRegistration;
import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.upload.UploadOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.usmartkit.Sandboxes.AIR;
import static io.github.usmartkit.Sandboxes.AIR_API;
import static io.github.usmartkit.Sandboxes.AIR_FILE;
import static io.github.usmartkit.Sandboxes.CAR;
import static io.github.usmartkit.Sandboxes.CAR_API;
import static io.github.usmartkit.Sandboxes.CAR_FILE;
import static io.github.usmartkit.Sandboxes.MISSING;
import static io.github.usmartkit.Sandboxes.PLAYGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input against the sandbox, one table row each: files, GUIDs, pipelineIds, keys, settings,
 * and every argument of the public API given {@code null} (found by reflection). Each row asserts
 * the exact exception kind, a non-empty what-to-do, and that nothing changed on the server: the
 * {@code dataset:view} of every demo dataset, both DCAT catalogues, and the sandbox's stored
 * objects and state are as before.
 */
class BadInputTest {

    @RegisterExtension
    static final Sandboxes.Session session = new Sandboxes.Session(b -> b);

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    static Snapshot before;
    static USmart viewer;
    static USmart other;
    static USmart wrongSecret;
    static USmart unknownId;
    static USmart forKit;
    static Path csv;
    /** A CSV with the air-quality file's published columns (a replace of it passes the schema guard). */
    static Path airCsv;
    static Path empty;
    static Path folder;
    static Path sparse;
    static Path linkToFolder;
    static Path brokenLink;
    static int cases;

    @BeforeAll
    static void setUp() throws IOException {
        Sandbox sb = session.sandbox();
        viewer = Sandboxes.connect(sb, sb.viewerKey());
        other = Sandboxes.connect(sb, sb.otherOrgKey());
        wrongSecret = Sandboxes.connect(sb, new io.github.usmartkit.sandbox.ApiKey(sb.providerKey().id(), sb.providerKey().secret() + "x"));
        unknownId = Sandboxes.connect(sb, new io.github.usmartkit.sandbox.ApiKey("no-such-key-id", sb.providerKey().secret()));
        forKit = Sandboxes.connect(sb, sb.providerKey());
        Kit.use(forKit);
        csv = Sandboxes.csv(dir, "good.csv", 5);
        airCsv = Sandboxes.airCsv(dir, "good-air.csv", 5);
        empty = Files.createFile(dir.resolve("empty.csv"));
        folder = Files.createDirectories(dir.resolve("a-folder.csv"));
        sparse = dir.resolve("sparse.csv");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(Uploader.MAX_BYTES + 1); // 5 GB + 1 byte, sparse: no disk used
        }
        linkToFolder = Files.createSymbolicLink(dir.resolve("link-to-folder.csv"), folder);
        brokenLink = Files.createSymbolicLink(dir.resolve("broken-link.csv"), dir.resolve("nothing-here.csv"));
        before = Snapshot.of(sb);
    }

    @AfterAll
    static void tearDown() {
        for (USmart u : new USmart[] {viewer, other, wrongSecret, unknownId}) {
            u.close();
        }
        Kit.close();
        if (cases > 0) {
            System.out.println("BadInputTest: " + cases + " bad-input cases passed");
        }
    }

    // ---- what "nothing changed" means

    /** What the server holds, as its public API and data directory show it. */
    record Snapshot(Map<String, JsonNode> views, String dcatPrivate, String dcatPublic, int objects, long blobs, long temps,
                    JsonNode datasets) {

        /**
         * Asks for every view and both catalogues at once: the sandbox's JDK server answers a
         * reused connection about 40 ms late (Nagle's algorithm meeting delayed ACKs: it does not
         * set TCP_NODELAY), so one after the other they would cost a quarter of a second a case.
         */
        static Snapshot of(Sandbox sb) {
            try {
                // a temporary sandbox writes its state with its first change: none yet is the seed
                Path file = sb.dataDir().resolve("state.json");
                JsonNode state = Files.exists(file) ? JSON.readTree(file.toFile()) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                List<String> datasets = new ArrayList<>();
                state.path("orgs").path(sb.org()).path("datasets").fieldNames().forEachRemaining(datasets::add);
                if (!Files.exists(file)) {
                    datasets.addAll(List.of(Sandboxes.AIR, Sandboxes.CAR, Sandboxes.BIN, Sandboxes.PLAYGROUND, Sandboxes.RECYCLING,
                            Sandboxes.STREET_LIGHTS, Sandboxes.EV_CHARGERS));
                }
                Map<String, java.util.concurrent.CompletableFuture<String>> views = new LinkedHashMap<>();
                for (String ds : datasets) {
                    views.put(ds, send(sb, HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/org/" + sb.org() + "/dataset:view"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"datasetGUID\":\"" + ds + "\"}"))));
                }
                assertTrue(views.size() >= 4, "the demo datasets: " + views.keySet());
                var priv = send(sb, HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/org/" + sb.org() + "/dcat/private")).GET());
                var pub = send(sb, HttpRequest.newBuilder(URI.create(sb.baseUrl() + "/org/" + sb.org() + "/dcat/public")).GET());
                Map<String, JsonNode> viewed = new LinkedHashMap<>();
                for (Map.Entry<String, java.util.concurrent.CompletableFuture<String>> e : views.entrySet()) {
                    viewed.put(e.getKey(), JSON.readTree(e.getValue().join()));
                }
                return new Snapshot(viewed, priv.join(), pub.join(), state.path("objects").size(), count(sb.dataDir().resolve("blobs")),
                        count(sb.dataDir().resolve("tmp")), state.path("orgs"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static java.util.concurrent.CompletableFuture<String> send(Sandbox sb, HttpRequest.Builder b) {
            return RAW.sendAsync(b.header("api-key-id", sb.adminKey().id()).header("api-key-secret", sb.adminKey().secret())
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                        assertEquals(200, r.statusCode(), r.body());
                        return r.body();
                    });
        }

        private static long count(Path d) throws IOException {
            try (Stream<Path> s = Files.list(d)) {
                return s.count();
            }
        }
    }

    private static void nothingChanged(String what) {
        Snapshot now = Snapshot.of(session.sandbox());
        assertEquals(before.objects, now.objects, what + ": stored objects");
        assertEquals(before.blobs, now.blobs, what + ": blobs");
        assertEquals(before.temps, now.temps, what + ": upload temp files");
        assertEquals(before.views, now.views, what + ": dataset views");
        assertEquals(before.dcatPrivate, now.dcatPrivate, what + ": private DCAT");
        assertEquals(before.dcatPublic, now.dcatPublic, what + ": public DCAT");
        assertEquals(before.datasets, now.datasets, what + ": the sandbox's datasets");
    }

    // ---- the table

    /**
     * One bad input: the exact kind it must fail with, further checks, and whether the kit must
     * refuse it before calling the service at all ({@code local}: the kit's own checks, by default
     * every upload, configuration and bad-request refusal; {@link #served} marks the bad requests
     * only the service can judge).
     */
    record Case(String name, Class<? extends USmartException> kind, Executable call, Consumer<USmartException> more, boolean local) {
    }

    static Case c(String name, Class<? extends USmartException> kind, Executable call) {
        return c(name, kind, call, e -> { });
    }

    static Case c(String name, Class<? extends USmartException> kind, Executable call, Consumer<USmartException> more) {
        return new Case(name, kind, call, more, kind == UploadFailedException.class || kind == ConfigurationException.class
                || kind == BadRequestException.class);
    }

    /** A bad request the service refuses (the kit cannot know it is bad before asking). */
    static Case served(Case k) {
        return new Case(k.name, k.kind, k.call, k.more, false);
    }

    static Consumer<USmartException> says(String part) {
        return e -> assertTrue(e.what().toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)), e.what());
    }

    static Consumer<USmartException> guid(String g) {
        return e -> assertEquals(g, e.guid().orElse(null), e.getMessage());
    }

    static USmart.Builder builder() {
        Sandbox sb = session.sandbox();
        return USmart.builder().environment(Map.of()).home(null).baseUrl(sb.baseUrl()).org(sb.org());
    }

    /** A connect that must fail: the session is closed if it did not. */
    static Executable connects(USmart.Builder b) {
        return () -> b.connect().close();
    }

    static Dataset ds(String g) {
        return session.usmart().dataset(g);
    }

    static List<Case> cases() throws IOException {
        USmart u = session.usmart();
        List<Case> l = new ArrayList<>();
        Path missing = dir.resolve("no-such-file.csv");
        // files: refused before any call
        l.add(c("add a missing file", UploadFailedException.class, () -> ds(PLAYGROUND).add(missing), says("does not exist")));
        l.add(c("replace with a missing file", UploadFailedException.class, () -> ds(AIR).replace(AIR_FILE, missing)));
        l.add(c("add an empty file", UploadFailedException.class, () -> ds(PLAYGROUND).add(empty), says("empty")));
        l.add(c("replace with an empty file", UploadFailedException.class, () -> ds(AIR).replaceFile(AIR_FILE, empty, UploadOptions.defaults())));
        l.add(c("add a directory", UploadFailedException.class, () -> ds(PLAYGROUND).add(folder), says("directory")));
        l.add(c("replace with a directory", UploadFailedException.class, () -> ds(AIR).replace(AIR_FILE, folder)));
        l.add(c("add an unreadable file", UploadFailedException.class, () -> ds(PLAYGROUND).add(unreadable()), says("read")));
        l.add(c("add a sparse file of 5 GB + 1 byte", UploadFailedException.class, () -> ds(PLAYGROUND).add(sparse), says("5 GB")));
        l.add(c("replace with a sparse file of 5 GB + 1 byte", UploadFailedException.class, () -> ds(AIR).replace(AIR_FILE, sparse)));
        l.add(c("add a symbolic link to a directory", UploadFailedException.class, () -> ds(PLAYGROUND).add(linkToFolder), says("directory")));
        l.add(c("add a broken symbolic link", UploadFailedException.class, () -> ds(PLAYGROUND).add(brokenLink), says("broken")));
        l.add(c("add a device", UploadFailedException.class, () -> ds(PLAYGROUND).add(Path.of("/dev/null")), says("not a regular file")));
        l.add(c("add a named pipe", UploadFailedException.class, () -> ds(PLAYGROUND).add(fifo()), says("not a regular file")));
        l.add(c("a file name with folders", BadRequestException.class,
                () -> ds(PLAYGROUND).add(csv, UploadOptions.defaults().fileName("reports/2024/air.csv")), says("folder")));
        l.add(c("a file name with Windows folders", BadRequestException.class,
                () -> ds(PLAYGROUND).add(csv, UploadOptions.defaults().fileName("C:\\data\\air.csv")), says("folder")));
        l.add(c("a file name '..'", BadRequestException.class, () -> ds(PLAYGROUND).add(csv, UploadOptions.defaults().fileName(".."))));
        l.add(c("a file name with a line break", BadRequestException.class,
                () -> ds(PLAYGROUND).add(csv, UploadOptions.defaults().fileName("air\n.csv")), says("line break")));
        l.add(c("a blank file name", BadRequestException.class, () -> ds(PLAYGROUND).add(csv, UploadOptions.defaults().fileName("  "))));
        l.add(c("a file on disk whose own name holds a line break", BadRequestException.class,
                () -> ds(PLAYGROUND).add(Sandboxes.csv(dir, "line\nbreak.csv", 2)), says("line break")));
        // GUIDs
        for (String bad : new String[] {"not a guid!", "", "   ", " \t\n", "../etc/passwd", "abc?x=1", "abc#frag", "a/b", "%2e%2e", "ds\u0000"}) {
            l.add(c("dataset GUID '" + bad.replace("\n", "\\n").replace("\t", "\\t").replace("\u0000", "\\0") + "'",
                    BadRequestException.class, () -> u.dataset(bad), says("dataset GUID")));
        }
        l.add(c("dataset GUID null", BadRequestException.class, () -> u.dataset((String) null), says("dataset GUID")));
        l.add(c("view of an unknown dataset", NotFoundException.class, () -> ds(MISSING).view(), guid(MISSING)));
        l.add(c("add to an unknown dataset", NotFoundException.class, () -> ds(MISSING).add(csv), guid(MISSING)));
        l.add(c("refreshAll of an unknown dataset", NotFoundException.class, () -> ds(MISSING).refreshAll()));
        l.add(c("createPipeline on an unknown dataset", NotFoundException.class, () -> ds(MISSING).createPipeline("csv-to-api")));
        l.add(c("awaitProcessed of an unknown dataset", NotFoundException.class, () -> ds(MISSING).awaitProcessed(Duration.ofSeconds(5))));
        l.add(c("replace an unknown file", NotFoundException.class, () -> ds(AIR).replace(MISSING, csv), guid(MISSING)));
        l.add(c("replace another dataset's file", NotFoundException.class, () -> ds(AIR).replace(CAR_FILE, csv), guid(CAR_FILE)));
        l.add(c("replace with a malformed file GUID", BadRequestException.class, () -> ds(AIR).replace("3880d4e6 ffdd", csv), says("file GUID")));
        l.add(c("replace with an empty file GUID", BadRequestException.class, () -> ds(AIR).replace("", csv), says("file GUID")));
        l.add(c("replace with a null file GUID", BadRequestException.class, () -> ds(AIR).replace(null, csv), says("file GUID")));
        l.add(c("refresh another dataset's container", NotFoundException.class, () -> ds(AIR).refresh(CAR_API), e -> {
            assertEquals(CAR_API, e.guid().orElse(null));
            assertTrue(e.what().contains("nothing was queued"), e.what());
        }));
        l.add(c("refresh an unknown container", NotFoundException.class, () -> ds(AIR).refresh(MISSING)));
        l.add(c("refresh a file GUID as if a container", NotFoundException.class, () -> ds(AIR).refresh(AIR_FILE)));
        l.add(c("refresh a malformed GUID", BadRequestException.class, () -> ds(AIR).refresh("x y"), says("resource container GUID")));
        l.add(c("refresh a whitespace GUID", BadRequestException.class, () -> ds(AIR).refresh("  ")));
        l.add(c("createPipeline for another dataset's file", NotFoundException.class, () -> ds(AIR).createPipeline("csv-to-api", CAR_FILE)));
        l.add(c("createPipeline for an unknown file", NotFoundException.class, () -> ds(AIR).createPipeline("csv-to-api", MISSING)));
        l.add(c("createPipeline for a malformed file GUID", BadRequestException.class, () -> ds(AIR).createPipeline("csv-to-api", "f?x")));
        l.add(c("rows of an unknown container", NotFoundException.class, () -> u.rows(MISSING), guid(MISSING)));
        l.add(c("rows of a file GUID", NotFoundException.class, () -> u.rows(AIR_FILE)));
        l.add(c("rows of a malformed GUID", BadRequestException.class, () -> u.rows("../" + CAR_API)));
        l.add(c("rows through another dataset's handle, unknown container", NotFoundException.class, () -> ds(CAR).rows(MISSING)));
        l.add(c("register a registration of another dataset", BadRequestException.class,
                () -> ds(AIR).register(new PendingRegistration(CAR, null, "uploads/x/a.csv", "a.csv", 10, null)), says(CAR)));
        l.add(c("register a reference never uploaded", RegistrationFailedException.class,
                () -> ds(PLAYGROUND).register(new PendingRegistration(PLAYGROUND, null, "uploads/never/a.csv", "a.csv", 10, null))));
        // reads
        l.add(c("a revision that is not one", BadRequestException.class, () -> u.read(CAR_API).revision("newest")));
        l.add(c("limit 0", BadRequestException.class, () -> u.read(CAR_API).limit(0)));
        l.add(c("limit -2", BadRequestException.class, () -> u.rows(CAR_API, -2)));
        l.add(c("offset -1", BadRequestException.class, () -> u.read(CAR_API).offset(-1)));
        l.add(c("a filter without a column", BadRequestException.class, () -> u.read(CAR_API).where(" ", "x")));
        l.add(c("a revision never published", NotFoundException.class, () -> u.read(CAR_API).revision("999").json()));
        l.add(c("awaitProcessed with a negative timeout", BadRequestException.class, () -> ds(AIR).awaitProcessed(Duration.ofSeconds(-1))));
        l.add(c("awaitProcessed with a negative poll", BadRequestException.class,
                () -> ds(AIR).awaitProcessed(Duration.ofSeconds(1), Duration.ofMillis(-5))));
        // pipelineIds
        l.add(c("pipelineId empty", BadRequestException.class, () -> ds(AIR).createPipeline(""), says("pipelineId")));
        l.add(c("pipelineId blank", BadRequestException.class, () -> ds(AIR).createPipeline("   "), says("pipelineId")));
        l.add(served(c("pipelineId unknown", BadRequestException.class, () -> ds(AIR).createPipeline("no-such-pipeline"), e -> assertEquals(400, e.status()))));
        l.add(served(c("pipelineId with spaces", BadRequestException.class, () -> ds(AIR).createPipeline("csv to api"))));
        l.add(served(c("a pipeline for a dataset without files", BadRequestException.class, () -> ds(PLAYGROUND).createPipeline("csv-to-api"))));
        // actions by name
        l.add(c("action name not one", BadRequestException.class, () -> u.action("not an action!", Map.of())));
        l.add(c("action name empty", BadRequestException.class, () -> u.action("", Map.of())));
        l.add(c("action body text", BadRequestException.class, () -> u.action("dataset:view", "datasetGUID=" + AIR)));
        l.add(c("action body a list", BadRequestException.class, () -> u.action("dataset:view", List.of(AIR))));
        l.add(c("action body not serialisable", BadRequestException.class, () -> u.action("dataset:view", new Object())));
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        l.add(c("action body that contains itself", BadRequestException.class, () -> u.action("dataset:view", loop)));
        l.add(c("action of an unknown dataset", NotFoundException.class, () -> u.action("dataset:view", Map.of("datasetGUID", MISSING))));
        l.add(c("action unknown", NotFoundException.class, () -> u.action("nope:nope", Map.of())));
        l.add(served(c("action missing its fields", BadRequestException.class, () -> u.action("file:create", Map.of("datasetGUID", PLAYGROUND)))));
        // keys
        l.add(c("wrong secret: view", AuthenticationException.class, () -> wrongSecret.dataset(AIR).view(), e -> assertEquals(401, e.status())));
        l.add(c("wrong secret: add", AuthenticationException.class, () -> wrongSecret.dataset(PLAYGROUND).add(csv)));
        l.add(c("wrong secret: private catalogue", AuthenticationException.class, () -> wrongSecret.catalog()));
        l.add(c("wrong secret: refresh", AuthenticationException.class, () -> wrongSecret.dataset(AIR).refresh(AIR_API)));
        l.add(c("unknown key id: view", AuthenticationException.class, () -> unknownId.dataset(AIR).view()));
        l.add(c("unknown key id: createPipeline", AuthenticationException.class, () -> unknownId.dataset(AIR).createPipeline("csv-to-api")));
        l.add(c("Viewer: add", PermissionException.class, () -> viewer.dataset(PLAYGROUND).add(csv), e -> assertEquals(403, e.status())));
        l.add(c("Viewer: replace", PermissionException.class, () -> viewer.dataset(AIR).replace(AIR_FILE, airCsv)));
        l.add(c("Viewer: createPipeline", PermissionException.class, () -> viewer.dataset(AIR).createPipeline("csv-to-api")));
        l.add(c("Viewer: refresh", PermissionException.class, () -> viewer.dataset(AIR).refresh(AIR_API)));
        l.add(c("Viewer: refreshAll", RefreshFailedException.class, () -> viewer.dataset(AIR).refreshAll(),
                e -> assertTrue(e.getCause() instanceof PermissionException, String.valueOf(e.getCause()))));
        l.add(c("Viewer: an action that writes", PermissionException.class,
                () -> viewer.action("resourceContainer:process", Map.of("resourceContainerGUID", AIR_API))));
        l.add(c("another organisation's key: view", PermissionException.class, () -> other.dataset(AIR).view()));
        l.add(c("another organisation's key: add", PermissionException.class, () -> other.dataset(PLAYGROUND).add(csv)));
        l.add(c("another organisation's key: refresh", PermissionException.class, () -> other.dataset(AIR).refresh(AIR_API)));
        l.add(c("CR/LF in the secret", ConfigurationException.class, () -> builder().apiKey("k", "abc\r\ndef"), says("line break")));
        l.add(c("a tab in the secret", ConfigurationException.class, () -> builder().apiKey("k", "abc\tdef"), says("control character")));
        l.add(c("a character a header cannot carry in the secret", ConfigurationException.class, () -> builder().apiKey("k", "abc\u20acdef")));
        l.add(c("CR/LF in the key id", ConfigurationException.class, () -> builder().apiKey("k\r\nX-Injected: 1", "secret")));
        l.add(c("CR/LF in the secret from the environment", ConfigurationException.class, () -> connects(USmart.builder().home(null)
                .environment(Map.of("USMART_ORG", session.sandbox().org(), "USMART_API_KEY_ID", "k", "USMART_API_KEY_SECRET", "s\r\nX: y")))
                .execute(), says("line break")));
        l.add(c("an empty secret though the environment has one", ConfigurationException.class, () -> USmart.builder().home(null)
                .environment(Map.of("USMART_API_KEY_SECRET", "from-env")).apiKey("k", "")));
        l.add(c("an empty key id", ConfigurationException.class, () -> builder().apiKey("", "secret")));
        l.add(c("no key at all", ConfigurationException.class, connects(builder()), says("API key")));
        // settings
        for (String bad : new String[] {"", "data.usmart.io", "ftp://data.usmart.io", "https://user:pw@data.usmart.io", "https://h/?q=1",
            "https://h/#frag", "http://exa mple", "javascript:alert(1)", "file:///etc/passwd"}) {
            l.add(c("base URL '" + bad + "'", ConfigurationException.class, () -> USmart.builder().baseUrl(bad)));
        }
        l.add(c("read URL 'ftp://x'", ConfigurationException.class, () -> USmart.builder().readUrl("ftp://x")));
        l.add(c("base URL 'ftp://x' from the environment", ConfigurationException.class, connects(USmart.builder().home(null)
                .environment(Map.of("USMART_BASE_URL", "ftp://x", "USMART_ORG", session.sandbox().org(), "USMART_API_KEY_ID", "k",
                        "USMART_API_KEY_SECRET", "s")))));
        for (String bad : new String[] {"7e8c0232?x=1#y", "../other", "org guid", "7e8c0232%2F..", " "}) {
            l.add(c("organisation '" + bad + "'", ConfigurationException.class, () -> USmart.builder().org(bad)));
        }
        l.add(c("organisation '7e8c0232?x=1#y' from the environment", ConfigurationException.class, connects(USmart.builder().home(null)
                .environment(Map.of("USMART_ORG", "7e8c0232?x=1#y", "USMART_API_KEY_ID", "k", "USMART_API_KEY_SECRET", "s"))),
                says("7e8c0232?x=1#y")));
        l.add(c("a DCAT URL without an organisation", ConfigurationException.class, () -> USmart.builder().dcatUrl("https://data.usmart.io/datasets")));
        l.add(c("a zero connect timeout", ConfigurationException.class, () -> USmart.builder().connectTimeout(Duration.ZERO)));
        l.add(c("a negative read timeout", ConfigurationException.class, () -> USmart.builder().readTimeout(Duration.ofSeconds(-1))));
        l.add(c("a proxy without a host", ConfigurationException.class, () -> USmart.builder().proxy("", 3128)));
        l.add(c("a proxy port 0", ConfigurationException.class, () -> USmart.builder().proxy("proxy", 0)));
        l.add(c("a proxy port 70000", ConfigurationException.class, () -> USmart.builder().proxy("proxy", 70000)));
        l.add(c("a proxy user without a password", ConfigurationException.class, () -> USmart.builder().proxy("proxy", 3128, "bob", null)));
        l.add(c("no retry at all: 0 attempts", ConfigurationException.class,
                () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))));
        l.add(c("a zero deadline", ConfigurationException.class, () -> RetryPolicy.standard().withDeadline(Duration.ZERO)));
        l.add(c("a credentials file that is a directory", ConfigurationException.class, () -> {
            Path home = Files.createTempDirectory(dir, "home");
            Files.createDirectories(home.resolve(".usmart").resolve("credentials"));
            Files.setPosixFilePermissions(home.resolve(".usmart").resolve("credentials"), PosixFilePermissions.fromString("rwx------"));
            USmart.builder().environment(Map.of()).home(home).connect().close();
        }, says("directory")));
        return l;
    }

    /** A file this process cannot read; as root, chmod cannot make one, but a write-only kernel attribute refuses even root. */
    static Path unreadable() throws IOException {
        Path f = Sandboxes.csv(dir, "unreadable.csv", 2);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        if (!opens(f)) {
            return f;
        }
        for (Path p : List.of(Path.of("/sys/bus/platform/uevent"), Path.of("/sys/bus/pci/rescan"), Path.of("/sys/kernel/uevent_helper"))) {
            if (Files.isRegularFile(p) && !opens(p)) {
                return p;
            }
        }
        Assumptions.abort("running as root with no file root cannot read: chmod 000 does not stop root and no write-only /sys attribute exists");
        return f;
    }

    private static boolean opens(Path p) {
        try (var in = Files.newInputStream(p)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path fifo() throws IOException, InterruptedException {
        Path p = dir.resolve("pipe.csv");
        if (!Files.exists(p)) {
            Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            Assumptions.assumeTrue(mk.waitFor() == 0 && Files.exists(p), "mkfifo is not available");
        }
        return p;
    }

    @TestFactory
    Stream<DynamicTest> badInput() throws IOException {
        List<Case> all = cases();
        assertTrue(all.size() >= 60, "at least 60 cases: " + all.size());
        return all.stream().map(k -> DynamicTest.dynamicTest(k.name, () -> {
            session.log().reset(); // dynamic tests get no @BeforeEach of their own
            USmartException e = assertThrows(USmartException.class, k.call, k.name);
            assertSame(k.kind, e.getClass(), "exact kind: " + e);
            assertFalse(e.what() == null || e.what().isBlank(), e.toString());
            assertFalse(e.whatToDo() == null || e.whatToDo().isBlank(), e.toString());
            k.more.accept(e);
            nothingChanged(k.name);
            if (k.local) {
                noCall(k.name);
            }
            cases++;
        }));
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The sandbox saw no request but the snapshot's own (4+ views and 2 catalogues, answered after
     * the case, so that any request of the case would have been logged before them).
     */
    private static void noCall(String what) {
        long snapshot = before.views.size() + 2;
        long end = System.nanoTime() + 10_000_000_000L;
        List<String> lines = session.log().lines();
        while (lines.size() < snapshot && System.nanoTime() < end) {
            sleep(); // the sandbox logs a request just after its answer: the last lines may trail
            lines = session.log().lines();
        }
        assertEquals(snapshot, lines.size(), what + ": refused before any call, but the sandbox saw " + lines);
    }

    // ---- every argument of the public API given null

    /**
     * Per public method (as {@code Type.name(ParamType,…)}): valid arguments, and for each
     * parameter what the error must name when it is null — or {@link #MAY_BE_NULL} when null is
     * a documented value. A public method missing here fails the sweep, so a new one gets a row.
     */
    static Map<String, Object[][]> table() throws IOException {
        Path f = csv;
        ProgressListener none = ProgressListener.none();
        UploadOptions opts = UploadOptions.defaults();
        Duration d = Duration.ofSeconds(1);
        PendingRegistration pending = new PendingRegistration(AIR, null, "uploads/x/a.csv", "a.csv", 10, null);
        Map<String, Object[][]> t = new LinkedHashMap<>();
        // USmart
        t.put("USmart.dataset(String)", row(new Object[] {AIR}, "dataset GUID"));
        t.put("USmart.action(String,Object)", row(new Object[] {"dataset:view", Map.of("datasetGUID", AIR)}, "action name", "body"));
        t.put("USmart.rows(String)", row(new Object[] {CAR_API}, "resource container GUID"));
        t.put("USmart.rows(String,int)", row(new Object[] {CAR_API, 5}, "resource container GUID", null));
        t.put("USmart.read(String)", row(new Object[] {CAR_API}, "resource container GUID"));
        t.put("USmart.catalog(Visibility)", row(new Object[] {USmart.Visibility.PRIVATE}, "visibility"));
        t.put("USmart.catalog(String)", row(new Object[] {session.sandbox().org()}, "catalogue URL"));
        t.put("USmart.dcat(Visibility)", row(new Object[] {USmart.Visibility.PRIVATE}, "visibility"));
        t.put("USmart.dcat(String)", row(new Object[] {session.sandbox().org()}, "catalogue URL"));
        t.put("USmart.dataset(Row)", row(new Object[] {catalogueRow()}, "row"));
        // Dataset
        t.put("Dataset.add(Path)", row(new Object[] {f}, "file"));
        t.put("Dataset.add(Path,ProgressListener)", row(new Object[] {f, none}, "file", "progress"));
        t.put("Dataset.add(Path,UploadOptions)", row(new Object[] {f, opts}, "file", "options"));
        t.put("Dataset.replace(String,Path)", row(new Object[] {AIR_FILE, f}, "file GUID", "file"));
        t.put("Dataset.replace(String,Path,ProgressListener)", row(new Object[] {AIR_FILE, f, none}, "file GUID", "file", "progress"));
        t.put("Dataset.replace(String,Path,UploadOptions)", row(new Object[] {AIR_FILE, f, opts}, "file GUID", "file", "options"));
        t.put("Dataset.replaceFile(String,Path,UploadOptions)", row(new Object[] {AIR_FILE, f, opts}, "file GUID", "file", "options"));
        t.put("Dataset.register(PendingRegistration)", row(new Object[] {pending}, "pending registration"));
        t.put("Dataset.createPipeline(String)", row(new Object[] {"csv-to-api"}, "pipelineId"));
        t.put("Dataset.createPipeline(String,String)", row(new Object[] {"csv-to-api", AIR_FILE}, "pipelineId", "file GUID"));
        t.put("Dataset.refresh(String)", row(new Object[] {AIR_API}, "resource container GUID"));
        t.put("Dataset.awaitProcessed(Duration)", row(new Object[] {d}, "timeout"));
        t.put("Dataset.awaitProcessed(Duration,Duration)", row(new Object[] {d, Duration.ofMillis(50)}, "timeout", "pollEvery"));
        t.put("Dataset.awaitProcessed(Duration,ProgressListener)", row(new Object[] {d, none}, "timeout", "progress"));
        t.put("Dataset.rows(String)", row(new Object[] {AIR_API}, "resource container GUID"));
        t.put("Dataset.read(String)", row(new Object[] {AIR_API}, "resource container GUID"));
        t.put("Dataset.publish(String,Path)", row(new Object[] {AIR_FILE, f}, "file GUID", "file"));
        t.put("Dataset.publish(String,Path,UploadOptions,Duration)", row(new Object[] {AIR_FILE, f, opts, d}, "file GUID", "file", "options", "timeout"));
        t.put("Dataset.verify(String,Path)", row(new Object[] {AIR_FILE, f}, "file GUID", "file"));
        t.put("USmart.preflight(Path)", row(new Object[] {f}, "file"));
        t.put("USmart.bulk(Path)", row(new Object[] {f}, "manifest"));
        t.put("USmart.bulk(Path,BulkOptions)", row(new Object[] {f, io.github.usmartkit.bulk.BulkOptions.defaults()}, "manifest", "options"));
        // Kit (its session is a Provider session on the sandbox)
        t.put("Kit.use(USmart)", row(new Object[] {forKit}, "session"));
        t.put("Kit.dataset(String)", row(new Object[] {AIR}, "dataset GUID"));
        t.put("Kit.action(String,Object)", row(new Object[] {"dataset:view", Map.of("datasetGUID", AIR)}, "action name", "body"));
        t.put("Kit.catalog(Visibility)", row(new Object[] {USmart.Visibility.PRIVATE}, "visibility"));
        t.put("Kit.catalog(String)", row(new Object[] {session.sandbox().org()}, "catalogue URL"));
        t.put("Kit.dcat(Visibility)", row(new Object[] {USmart.Visibility.PRIVATE}, "visibility"));
        t.put("Kit.dcat(String)", row(new Object[] {session.sandbox().org()}, "catalogue URL"));
        t.put("Kit.dataset(Row)", row(new Object[] {catalogueRow()}, "row"));
        t.put("Kit.rows(String)", row(new Object[] {CAR_API}, "resource container GUID"));
        t.put("Kit.rows(String,int)", row(new Object[] {CAR_API, 5}, "resource container GUID", null));
        t.put("Kit.read(String)", row(new Object[] {CAR_API}, "resource container GUID"));
        t.put("Kit.preflight(Path)", row(new Object[] {f}, "file"));
        t.put("Kit.bulk(Path)", row(new Object[] {f}, "manifest"));
        t.put("Kit.bulk(Path,BulkOptions)", row(new Object[] {f, io.github.usmartkit.bulk.BulkOptions.defaults()}, "manifest", "options"));
        // USmart.Builder
        t.put("Builder.baseUrl(String)", row(new Object[] {"http://127.0.0.1:1"}, "base URL"));
        t.put("Builder.readUrl(String)", row(new Object[] {"http://127.0.0.1:1"}, "read URL"));
        t.put("Builder.org(String)", row(new Object[] {session.sandbox().org()}, "organisation"));
        t.put("Builder.dcatUrl(String)", row(new Object[] {"https://data.usmart.io/org/" + session.sandbox().org() + "/dcat/public"}, "DCAT URL"));
        t.put("Builder.apiKey(String,String)", row(new Object[] {"k", "s"}, "API key id", "API key secret"));
        t.put("Builder.apiKey(ApiKey)", row(new Object[] {new ApiKey("k", "s")}, "API key"));
        t.put("Builder.connectTimeout(Duration)", row(new Object[] {d}, "connectTimeout"));
        t.put("Builder.readTimeout(Duration)", row(new Object[] {d}, "readTimeout"));
        t.put("Builder.proxy(String,int)", row(new Object[] {"proxy", 3128}, "proxy host", null));
        t.put("Builder.proxy(String,int,String,String)", row(new Object[] {"proxy", 3128, "bob", "pw"}, "proxy host", null, "proxy user", "proxy password"));
        t.put("Builder.retryPolicy(RetryPolicy)", row(new Object[] {RetryPolicy.standard()}, "retry policy"));
        t.put("Builder.environment(Map)", row(new Object[] {Map.of()}, MAY_BE_NULL)); // documented: null or empty, none
        t.put("Builder.home(Path)", row(new Object[] {dir}, MAY_BE_NULL)); // documented: null, no credentials file
        t.put("Builder.profile(String)", row(new Object[] {"default"}, MAY_BE_NULL)); // documented: null, USMART_PROFILE or default
        t.put("Builder.history(Path)", row(new Object[] {dir.resolve("history.jsonl")}, MAY_BE_NULL)); // documented: null, no history
        // RowQuery
        t.put("RowQuery.limit(int)", row(new Object[] {5}, (String) null));
        t.put("RowQuery.offset(int)", row(new Object[] {5}, (String) null));
        t.put("RowQuery.where(String,Object)", row(new Object[] {"site", "s1"}, "column", "value"));
        t.put("RowQuery.revision(String)", row(new Object[] {"latest"}, "revision"));
        t.put("RowQuery.revision(int)", row(new Object[] {1}, (String) null));
        t.put("RowQuery.where(Filter[])", row(new Object[] {new Filter[] {Urql.eq("site", "s1")}}, "filter"));
        t.put("RowQuery.sort(Sort[])", row(new Object[] {new Sort[] {Urql.desc("site")}}, "key"));
        t.put("RowQuery.sort(String[])", row(new Object[] {new String[] {"site"}}, "column"));
        t.put("RowQuery.select(String[])", row(new Object[] {new String[] {"site"}}, "column"));
        t.put("RowQuery.urql(String)", row(new Object[] {"gt(value,1)"}, "terms"));
        t.put("RowQuery.aggregate(Metric[])", row(new Object[] {new Metric[] {Urql.count("site")}}, "operation"));
        t.put("RowQuery.aggregate(Group,Metric[])", row(new Object[] {Urql.by("site"), new Metric[] {Urql.count("site")}}, "group", "operation"));
        t.put("RowQuery.histogram(String,Interval,Metric[])", row(new Object[] {"timestamp", Interval.DAY, new Metric[] {Urql.count("site")}},
                "field", "interval", "operation"));
        t.put("RowQuery.stats(String)", row(new Object[] {"value"}, "column"));
        // UploadOptions: its fields are documented as "or null" (the file's own name, the default progress)
        t.put("UploadOptions.<init>(String,boolean,ProgressListener)", row(new Object[] {"a.csv", false, none}, MAY_BE_NULL, null, MAY_BE_NULL));
        t.put("UploadOptions.fileName(String)", row(new Object[] {"a.csv"}, MAY_BE_NULL));
        t.put("UploadOptions.allowEmpty(boolean)", row(new Object[] {true}, (String) null));
        t.put("UploadOptions.progress(ProgressListener)", row(new Object[] {none}, MAY_BE_NULL));
        t.put("UploadOptions.<init>(String,boolean,ProgressListener,boolean,boolean)",
                row(new Object[] {"a.csv", false, none, false, false}, MAY_BE_NULL, null, MAY_BE_NULL, null, null));
        t.put("UploadOptions.force(boolean)", row(new Object[] {true}, (String) null));
        t.put("UploadOptions.allowSchemaChange(boolean)", row(new Object[] {true}, (String) null));
        // the settings values a user builds
        t.put("ApiKey.<init>(String,String)", row(new Object[] {"k", "s"}, "id", "secret"));
        t.put("ProxySettings.<init>(String,int,String,String)", row(new Object[] {"proxy", 3128, "bob", "pw"}, "proxy host", null, MAY_BE_NULL, MAY_BE_NULL));
        t.put("RetryPolicy.<init>(int,Duration,Duration,Duration)", row(new Object[] {2, d, d, d}, null, "baseDelay", "maxDelay", "maxTotal"));
        t.put("RetryPolicy.withDeadline(Duration)", row(new Object[] {d}, "deadline"));
        t.put("RetryPolicy.delayBefore(int)", row(new Object[] {1}, (String) null));
        t.put("RetryPolicy.delayBefore(int,double)", row(new Object[] {1, 0.5}, null, null));
        return t;
    }

    /** A row of a catalogue table (made here: building the table needs no call). */
    private static tech.tablesaw.api.Row catalogueRow() {
        return tech.tablesaw.api.Table.create("catalog", tech.tablesaw.api.StringColumn.create("guid", AIR)).row(0);
    }

    /** Null is a documented value of this parameter: not refused, not called here. */
    static final String MAY_BE_NULL = "(may be null)";

    static Object[][] row(Object[] valid, String... names) {
        return new Object[][] {valid, names};
    }

    /** The public types whose every method and constructor the sweep covers. */
    static final List<Class<?>> PUBLIC = List.of(USmart.class, Dataset.class, Kit.class, USmart.Builder.class, RowQuery.class,
            UploadOptions.class, ApiKey.class, ProxySettings.class, RetryPolicy.class);

    private static String key(Class<?> type, String name, Class<?>[] params) {
        return (type == USmart.Builder.class ? "Builder" : type.getSimpleName()) + "." + name + "("
                + Arrays.stream(params).map(Class::getSimpleName).collect(Collectors.joining(",")) + ")";
    }

    /** The instance a method is called on: a fresh one where calling could change it. */
    private static Object target(Class<?> type) {
        if (type == USmart.class) {
            return session.usmart();
        }
        if (type == Dataset.class) {
            return session.usmart().dataset(AIR);
        }
        if (type == USmart.Builder.class) {
            return USmart.builder();
        }
        if (type == RowQuery.class) {
            return session.usmart().read(CAR_API);
        }
        if (type == UploadOptions.class) {
            return UploadOptions.defaults();
        }
        if (type == ApiKey.class) {
            return new ApiKey("k", "s");
        }
        if (type == ProxySettings.class) {
            return new ProxySettings("proxy", 3128, null, null);
        }
        if (type == RetryPolicy.class) {
            return RetryPolicy.standard();
        }
        return null; // Kit: static
    }

    /** One null argument: the call, the kind it must fail with, and the name its error must say. */
    record NullCase(String name, Class<? extends USmartException> kind, String argument, java.util.function.Supplier<Throwable> call) {
    }

    /**
     * Every object argument of {@link #PUBLIC}'s public methods and constructors given null, the
     * others valid; fails if a public method has no row in {@link #table()}.
     */
    static List<NullCase> nullCases() throws IOException {
        Map<String, Object[][]> table = table();
        List<NullCase> out = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        for (Class<?> type : PUBLIC) {
            List<java.lang.reflect.Executable> members = new ArrayList<>();
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge() && m.getParameterCount() > 0
                        && !m.getName().equals("equals")) {
                    members.add(m);
                }
            }
            for (Constructor<?> k : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers()) && k.getParameterCount() > 0) {
                    members.add(k);
                }
            }
            Class<? extends USmartException> kind = type == USmart.Builder.class || type == ApiKey.class
                    || type == ProxySettings.class || type == RetryPolicy.class ? ConfigurationException.class : BadRequestException.class;
            for (java.lang.reflect.Executable m : members) {
                String key = key(type, m instanceof Constructor ? "<init>" : m.getName(), m.getParameterTypes());
                Object[][] r = table.get(key);
                if (r == null) {
                    unlisted.add(key);
                    continue;
                }
                Object[] valid = r[0];
                String[] names = (String[]) r[1];
                assertEquals(m.getParameterCount(), valid.length, key);
                assertEquals(m.getParameterCount(), names.length, key + ": one name per parameter");
                for (int i = 0; i < valid.length; i++) {
                    if (m.getParameterTypes()[i].isPrimitive() || MAY_BE_NULL.equals(names[i])) {
                        continue;
                    }
                    assertNotNull(names[i], key + " #" + i + " takes an object: name what its null must say");
                    Object[] args = valid.clone();
                    args[i] = null;
                    out.add(new NullCase(key + " with " + names[i] + " null", kind, names[i], () -> invoke(m, target(type), args)));
                }
            }
        }
        assertTrue(unlisted.isEmpty(), "public methods the null sweep does not know (add a row to table()): " + unlisted);
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyPublicArgumentGivenNull() throws IOException {
        List<NullCase> all = nullCases();
        assertTrue(all.size() >= 40, "null cases: " + all.size());
        return all.stream().map(k -> DynamicTest.dynamicTest(k.name, () -> {
            session.log().reset();
            Throwable thrown = k.call.get();
            assertNotNull(thrown, k.name + ": the null was accepted");
            assertSame(k.kind, thrown.getClass(), k.name + ": " + thrown);
            USmartException e = (USmartException) thrown;
            assertTrue(e.what().toLowerCase(Locale.ROOT).contains(k.argument.toLowerCase(Locale.ROOT)), k.name + ": " + e.what());
            assertFalse(e.whatToDo().isBlank(), e.toString());
            nothingChanged(k.name);
            noCall(k.name);
            cases++;
        }));
    }

    /**
     * Every failure of this class's tables, for {@link SecretsTest} to scan: runs them against a
     * sandbox of their own (started and stopped here) without asserting; returns what was thrown
     * and the secrets in play.
     */
    static SecretsTest.Failures everyFailure(Path tmp) throws Exception {
        session.beforeAll(null);
        dir = tmp;
        try {
            setUp();
            List<Throwable> thrown = new ArrayList<>();
            for (Case k : cases()) {
                try {
                    k.call.execute();
                } catch (Throwable t) {
                    thrown.add(t);
                }
            }
            for (NullCase k : nullCases()) {
                thrown.add(k.call.get());
            }
            Sandbox sb = session.sandbox();
            return new SecretsTest.Failures("bad input", List.of(sb.providerKey().secret(), sb.viewerKey().secret(),
                    sb.otherOrgKey().secret()), List.of(), thrown);
        } finally {
            tearDown();
            session.afterAll(null);
        }
    }

    private static Throwable invoke(java.lang.reflect.Executable m, Object target, Object[] args) {
        try {
            if (m instanceof Method method) {
                method.invoke(target, args);
            } else {
                ((Constructor<?>) m).newInstance(args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

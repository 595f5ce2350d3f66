package io.github.usmartkit;

import io.github.usmartkit.error.ConfigurationException;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.internal.catalog.DcatReader;
import io.github.usmartkit.config.ApiKey;
import io.github.usmartkit.config.ProxySettings;
import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.config.Settings;
import io.github.usmartkit.internal.config.SettingsResolver;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.args.Args;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Endpoints;
import io.github.usmartkit.internal.http.Retrier;
import io.github.usmartkit.internal.http.Threads;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.internal.http.UsmartApi;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.read.UrqlQuery;
import io.github.usmartkit.internal.text.Guids;
import io.github.usmartkit.read.RowQuery;
import io.github.usmartkit.bulk.BulkOptions;
import io.github.usmartkit.bulk.BulkReport;
import io.github.usmartkit.internal.bulk.BulkRun;
import io.github.usmartkit.internal.history.History;
import io.github.usmartkit.internal.publish.Published;
import io.github.usmartkit.internal.publish.Verifier;
import io.github.usmartkit.internal.plan.Planner;
import io.github.usmartkit.internal.preflight.Preflight;
import io.github.usmartkit.model.Plan;
import io.github.usmartkit.upload.PreflightReport;
import io.github.usmartkit.internal.upload.FileUploads;
import io.github.usmartkit.internal.upload.Uploader;
import tech.tablesaw.api.Table;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A session with one uSmart organisation: the entry point of the kit.
 * <pre>
 * USmart usmart = USmart.connect();                 // environment or ~/.usmart/credentials
 * usmart.dataset(guid).replace(fileGuid, Path.of("air.csv")).refreshAll();
 * </pre>
 * Holds its own HTTP clients; {@link #close()} releases them. Every call has a connect and a
 * read timeout; calls safe to repeat are retried by the {@link RetryPolicy}. Failures are
 * unchecked {@link io.github.usmartkit.error.USmartException}s by kind: every call may throw
 * {@code AuthenticationException} (401), {@code PermissionException} (403),
 * {@code RateLimitedException} (429 after retries), {@code ServiceException} (5xx, non-JSON
 * answers) and {@code TransportException} (no usable answer); each method names the others.
 */
public final class USmart implements AutoCloseable {

    private final Settings settings;
    private final Transport transport;
    private final UsmartApi api;
    private final FileUploads uploads;
    private final java.util.concurrent.ExecutorService putExecutor;
    /**
     * The threads that send refreshAll's {@code resourceContainer:process} calls side by side.
     * The session's own (idle ones end after a minute, all of them at {@link #close()}): a
     * pool shared by every session had to end idle threads after a second so that none outlived
     * the sessions, and refreshAlls a second or more apart then started every thread again
     * (docs/benchmarks.md, "Refresh: what h18 found"); a pool per call did so every time.
     */
    private final java.util.concurrent.ExecutorService refreshers = Threads.daemonPool("usmart-refresh");
    private final History history;
    private final Planner planner;

    private USmart(Settings settings, History history, Planner planner) {
        this.settings = settings;
        this.history = history;
        this.planner = planner;
        this.transport = new Transport(new Endpoints(settings.baseUrl(), settings.readUrl(), settings.org()), settings.key(),
                settings.connectTimeout(), settings.readTimeout(), settings.proxy(), new Retrier(settings.retry()), planner);
        this.api = new UsmartApi(transport);
        this.putExecutor = Threads.daemonPool("usmart-put");
        // Built outside the caller's thread group: its selector thread must not be joined by JShell (see Threads).
        HttpClient put = Threads.outsideCallerGroup("usmart-put-init", () -> putClient(settings, putExecutor));
        this.uploads = new FileUploads(api, new Uploader(put, settings.readTimeout()), history);
    }

    private static HttpClient putClient(Settings s, java.util.concurrent.Executor executor) {
        ProxySelector selector = s.proxy() == null ? null
                : ProxySelector.of(new InetSocketAddress(s.proxy().host(), s.proxy().port()));
        HttpClient.Builder b = Uploader.clientBuilder(s.connectTimeout(), selector).executor(executor);
        if (s.proxy() != null && s.proxy().authenticated()) {
            ProxySettings p = s.proxy();
            b.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY
                            ? new PasswordAuthentication(p.user(), p.password().toCharArray()) : null;
                }
            });
        }
        return b.build();
    }

    /**
     * Connects with settings from the environment ({@code USMART_BASE_URL}, {@code USMART_READ_URL},
     * {@code USMART_ORG}, {@code USMART_API_KEY_ID}, {@code USMART_API_KEY_SECRET}) or, failing
     * those, the profile {@code USMART_PROFILE} (default {@code default}) of
     * {@code ~/.usmart/credentials}. Makes no call yet.
     *
     * @throws io.github.usmartkit.error.ConfigurationException listing everything missing
     */
    public static USmart connect() {
        return builder().connect();
    }

    /** A builder for explicit settings (which win over the environment and the credentials file). */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings in use (the secret is never shown). */
    public Settings settings() {
        return settings;
    }

    /** The organisation GUID. */
    public String org() {
        return settings.org();
    }

    /** The control plane URL. */
    public String baseUrl() {
        return settings.baseUrl();
    }

    /** The read API URL. */
    public String readUrl() {
        return settings.readUrl();
    }

    /**
     * A handle on a dataset (no call is made until you use it).
     *
     * @throws BadRequestException if {@code guid} is empty or not GUID-like
     */
    public Dataset dataset(String guid) {
        return new Dataset(this, Args.guid("dataset", guid, "dataset"));
    }

    /**
     * A dry-run session on the same organisation and keys: its reads are made (so its checks are
     * real: the preflight, the schema guard, the unchanged-file check), its writes are not sent.
     * Each planned write is printed as it is planned and collected in {@link #plan()}; nothing
     * changes on the service (no upload, no register call, no refresh). Makes no call yet; close it
     * when done.
     * <pre>
     * try (USmart dry = usmart.dryRun()) { dry.dataset(ds).publish(fileGuid, path); dry.plan(); }
     * </pre>
     */
    public USmart dryRun() {
        return new USmart(settings, history, new Planner(System.out, history, settings.org()));
    }

    /** Whether this is a dry-run session (its writes are planned, not sent). */
    public boolean isDryRun() {
        return planner != null;
    }

    /** The writes this dry-run session planned so far, as a table ({@code plan().table()}); empty in a live session. */
    public Plan plan() {
        return planner == null ? new Plan(List.of()) : planner.plan();
    }

    /**
     * Every write the kit recorded (and every dry-run plan), newest first, as a table: time, org,
     * action, dataset, file, name, bytes, md5, reference, outcome, durationMs, warning. Read from
     * {@code ~/.usmart/history.jsonl} ({@code USMART_HISTORY} or {@link Builder#history(Path)} moves
     * it); no call is made.
     */
    public Table history() {
        return history.table();
    }

    /** The file the session's history is written to, or empty when it keeps none. */
    public java.util.Optional<Path> historyFile() {
        return java.util.Optional.ofNullable(history.path());
    }

    /**
     * Checks a local file as a replace or add would before any call (the preflight): for a CSV,
     * valid UTF-8, a header with no empty or repeated names, every row as wide as the header, quotes
     * balanced; rows counted and numeric columns noted. JSON and GeoJSON are parsed; other files
     * pass. No call is made.
     *
     * @throws io.github.usmartkit.error.PreflightFailedException naming the line, the column and what to do
     * @throws io.github.usmartkit.error.UploadFailedException if the file is missing or unreadable
     */
    public static PreflightReport preflight(Path file) {
        Args.present("file", file, "preflight", null, "the path of the file to check, e.g. Path.of(\"air.csv\")");
        Uploader.validate(file, true, "preflight", null);
        return Preflight.check(file, file.getFileName().toString(), "preflight", null);
    }

    History historyLog() {
        return history;
    }

    /**
     * Publishes the files a manifest lists, as one job: {@link #bulk(Path, BulkOptions)} with four
     * lines at once and a ten-minute wait per dataset.
     */
    public BulkReport bulk(Path manifest) {
        return bulk(manifest, BulkOptions.defaults());
    }

    /**
     * Publishes the files a manifest lists, as one job. The manifest is CSV with a header:
     * <pre>
     * datasetGUID,fileGUID,path,pipelineId
     * 114f8ea9-…,3880d4e6-…,air.csv,              (replace that file)
     * 6acb8f8c-…,,new-counts.csv,csv-to-api       (add the file, and a csv-to-api pipeline for it)
     * </pre>
     * ({@code pipelineId} is optional; paths are relative to the manifest's folder.) Every line is
     * checked locally and uploaded, {@code options.concurrency()} at a time ({@code dataset:view},
     * {@code s3:generatePutRequest}, the PUT, {@code file:updateRevision} or {@code file:create},
     * {@code resourceContainer:create} for a pipeline asked for); then, per dataset, every pipeline its
     * lines feed is asked to process once ({@code resourceContainer:process}), the run waits for them
     * ({@code dataset:view}) and verifies each line through the read API. One bad line never stops the
     * others. Running the same manifest again is safe: a file equal to what uSmart holds is not sent
     * again (and an added file already there, by name, MD5 and size, is not added twice), so a job that
     * partly failed can simply run again. In a {@link #dryRun()} session nothing is sent and the lines
     * say {@code planned}.
     *
     * @return one row per line: outcome (published, unchanged, refused, failed, planned), revision,
     *         rows, duration, error
     * @throws BadRequestException if the manifest has no header, lacks a column or names an unknown one, or an argument
     *                             is null (nothing done)
     * @throws io.github.usmartkit.error.UploadFailedException if the manifest cannot be read (nothing done)
     */
    public BulkReport bulk(Path manifest, BulkOptions options) {
        Args.present("manifest", manifest, "bulk", null, "the path of a CSV manifest, e.g. Path.of(\"nightly.csv\")");
        Args.present("options", options, "bulk", null, "BulkOptions.defaults()");
        return new BulkRun(bulkPort(), options, Duration.ofSeconds(1)).run(manifest);
    }

    /** What a bulk run calls, on this session. */
    private BulkRun.Port bulkPort() {
        USmart self = this;
        return new BulkRun.Port() {
            @Override
            public boolean dryRun() {
                return self.isDryRun();
            }

            @Override
            public io.github.usmartkit.model.DatasetView view(String dataset) {
                return self.dataset(dataset).view();
            }

            @Override
            public PreflightReport preflight(Path file) {
                return USmart.preflight(file);
            }

            @Override
            public io.github.usmartkit.upload.UploadResult replace(String dataset, String file, Path path,
                                                                   io.github.usmartkit.upload.UploadOptions options, PreflightReport checked) {
                return uploads.replace(Args.guid("dataset", dataset, "bulk"), Args.guid("file", file, "bulk"), path, options, checked);
            }

            @Override
            public io.github.usmartkit.upload.UploadResult add(String dataset, Path path, io.github.usmartkit.upload.UploadOptions options) {
                return self.dataset(dataset).add(path, options);
            }

            @Override
            public io.github.usmartkit.model.PipelineInfo createPipeline(String dataset, String pipelineId, String file) {
                return self.dataset(dataset).createPipeline(pipelineId, file);
            }

            @Override
            public void refresh(String dataset, String resourceContainer) {
                self.dataset(dataset).refresh(resourceContainer);
            }

            @Override
            public io.github.usmartkit.model.VerifyReport verify(String dataset, String file,
                                                                 List<io.github.usmartkit.model.PipelineInfo> pipelines, PreflightReport local) {
                return new Verifier(new Published(transport)).verify(dataset, file, pipelines, local);
            }
        };
    }

    /**
     * Calls any action by name, with the kit's authentication, error mapping and retries: the
     * escape hatch for actions the kit does not wrap. Makes {@code POST /org/{org}/{name}}.
     * Only actions known to be safe ({@code dataset:view}, {@code s3:generatePutRequest},
     * {@code resourceContainer:process}) are repeated after an ambiguous failure.
     *
     * @param name the action, e.g. {@code dataset:view}
     * @param body a {@link JsonNode}, a {@link Map} or any Jackson-serialisable object ({@code Map.of()} for none)
     * @return the answer's {@code result}
     * @throws BadRequestException if {@code name} is not an action name or {@code body} is null or not a JSON object
     *                             (no call made), or the service refused the body (400)
     * @throws io.github.usmartkit.error.NotFoundException for an unknown action or GUID (404)
     */
    public JsonNode action(String name, Object body) {
        if (name == null || name.isBlank() || !ACTION_NAME.matcher(name).matches()) {
            throw new BadRequestException(Failure.of(String.valueOf(name), null, "'" + name + "' is not an action name",
                    "Give a uSmart action such as dataset:view"));
        }
        Args.present("the body", body, name, null, "a Map such as Map.of(\"datasetGUID\", guid), or Map.of() for an empty one");
        JsonNode b;
        try {
            b = Json.toTree(body);
        } catch (IllegalArgumentException | StackOverflowError e) {
            // Jackson (2.x) follows a Map or List that contains itself until the stack runs out: a body that is never JSON.
            throw new BadRequestException(Failure.of(name, null,
                    "the body cannot be written as JSON (a " + body.getClass().getSimpleName() + ")",
                    "Give a Map, a JsonNode or a record of plain values; nothing was sent"));
        }
        if (!b.isObject()) {
            throw new BadRequestException(Failure.of(name, null, "the body must be a JSON object, not " + b.getNodeType().toString().toLowerCase(java.util.Locale.ROOT),
                    "Give a Map such as Map.of(\"datasetGUID\", guid); nothing was sent"));
        }
        String guid = null;
        for (String k : new String[] {"datasetGUID", "fileGUID", "resourceContainerGUID"}) {
            if (guid == null && b.hasNonNull(k)) {
                guid = b.get(k).asText();
            }
        }
        Action a = Action.named(name);
        if (!a.write() || planner != null) {
            return transport.action(a, guid, b);
        }
        long start = System.nanoTime();
        String outcome = "failed";
        String warning = null;
        try {
            JsonNode r = transport.action(a, guid, b);
            outcome = "ok";
            return r;
        } catch (io.github.usmartkit.error.USmartException e) {
            warning = e.what();
            throw e;
        } finally {
            history.record(new History.Entry(java.time.Instant.now(), settings.org(), name, b.path("datasetGUID").asText(null),
                    b.hasNonNull("fileGUID") ? b.get("fileGUID").asText() : b.path("resourceContainerGUID").asText(null),
                    b.path("fileName").asText(null), null, null, b.path("reference").asText(null), outcome,
                    Duration.ofNanos(System.nanoTime() - start).toMillis(), warning));
        }
    }

    /** An action name: letters, digits and ':' '-' '_' '.' (it becomes a URL path segment). */
    private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*(:[A-Za-z0-9_.-]+)*");

    /**
     * The first rows (100) a pipeline publishes, as a table typed by the JSON (see {@link RowQuery}):
     * {@code GET {readUrl}/org/{org}/{rc}/latest/urql?limit(100)}.
     *
     * @param resourceContainerGuid the pipeline's container GUID
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or it never completed processing
     * @throws BadRequestException if the GUID is malformed (no call made)
     */
    public Table rows(String resourceContainerGuid) {
        return read(resourceContainerGuid).table();
    }

    /**
     * Up to {@code limit} rows ({@code -1}: every row, streamed) a pipeline publishes, as a table:
     * {@code GET …/latest/urql?limit(n)}.
     *
     * @throws BadRequestException if {@code limit} is 0 or below -1 (no call made)
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or it never completed processing
     */
    public Table rows(String resourceContainerGuid, int limit) {
        return read(resourceContainerGuid).limit(limit).table();
    }

    /**
     * A read query on a pipeline's rows to refine, with the factories of
     * {@link io.github.usmartkit.read.Urql}: {@code read(rc).where(gt("no2", 40)).sort(desc("no2")).limit(500).table()},
     * {@code read(rc).aggregate(by("site"), avg("no2")).table()}. Makes no call until it is read
     * ({@link RowQuery#table()}, {@link RowQuery#json()}, {@link RowQuery#csv()}, an aggregation).
     *
     * @throws BadRequestException if the GUID is malformed
     */
    public RowQuery read(String resourceContainerGuid) {
        return new UrqlQuery(transport, Args.guid("resource container", resourceContainerGuid, "urql"));
    }

    /** Which catalogue to read. */
    public enum Visibility {
        /** Public datasets only (no keys needed). */
        PUBLIC,
        /** Every dataset of the organisation (keys of a member needed). */
        PRIVATE
    }

    /**
     * The organisation's private catalogue (every dataset) as a table, one row per dataset:
     * {@code guid, title, status, accessLevel, modified, issued, keywords, themes, licence,
     * publisher, contact, email, apis, files, landingPage} (see {@link Catalog#table()}). One
     * call: {@code GET {baseUrl}/org/{org}/dcat/private} with the keys. {@link #dcat()} gives the
     * parsed catalogue behind it (datasets, distributions, the JSON).
     *
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a DCAT catalogue
     */
    public Table catalog() {
        return dcat().table();
    }

    /**
     * The organisation's public or private catalogue as a table (as {@link #catalog()}):
     * {@code GET {baseUrl}/org/{org}/dcat/public} or {@code …/dcat/private}.
     *
     * @throws BadRequestException if {@code visibility} is null (no call made)
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a DCAT catalogue
     */
    public Table catalog(Visibility visibility) {
        return dcat(visibility).table();
    }

    /**
     * Any organisation's public catalogue as a table (as {@link #catalog()}): {@code GET url},
     * e.g. {@code https://discovery.usmart.io/org/{org}/dcat/data.json}, or given an organisation
     * GUID, {@code {baseUrl}/org/{guid}/dcat/data.json}. The API key goes along only when the URL
     * is on the session's own hosts (its base or read URL), never to another.
     *
     * @throws BadRequestException if {@code url} is neither an http(s) URL nor a GUID (no call made)
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a DCAT catalogue
     */
    public Table catalog(String url) {
        return dcat(url).table();
    }

    /**
     * The organisation's private DCAT catalogue, parsed: {@code GET {baseUrl}/org/{org}/dcat/private}
     * with the keys.
     *
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a DCAT catalogue
     */
    public Catalog dcat() {
        return dcat(Visibility.PRIVATE);
    }

    /**
     * The organisation's public or private DCAT catalogue, parsed: {@code GET {baseUrl}/org/{org}/dcat/public}
     * or {@code …/dcat/private}.
     *
     * @throws BadRequestException if {@code visibility} is null (no call made)
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a DCAT catalogue
     */
    public Catalog dcat(Visibility visibility) {
        Args.present("visibility", visibility, "dcat", settings.org(), "USmart.Visibility.PUBLIC or PRIVATE");
        String which = visibility == Visibility.PUBLIC ? "public" : "private";
        return DcatReader.fetch(transport, transport.endpoints().dcat(which), settings.org());
    }

    /**
     * Any organisation's public DCAT catalogue, parsed: {@code GET url} (or, given an organisation
     * GUID, {@code {baseUrl}/org/{guid}/dcat/data.json}); keys only to the session's own hosts.
     *
     * @throws BadRequestException if {@code url} is neither an http(s) URL nor a GUID (no call made)
     * @throws io.github.usmartkit.error.ServiceException if the answer is not a DCAT catalogue
     */
    public Catalog dcat(String url) {
        String u = catalogueUrl(url);
        java.util.regex.Matcher m = ORG_IN_URL.matcher(u);
        return DcatReader.fetch(transport, u, m.find() ? m.group(1) : null);
    }

    private static final Pattern ORG_IN_URL = Pattern.compile("/org/([0-9a-fA-F-]{36})(/|$)");

    private String catalogueUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new BadRequestException(Failure.of("dcat", null, "the catalogue URL is " + (url == null ? "null" : "empty"),
                    "Give a DCAT URL such as https://discovery.usmart.io/org/{org}/dcat/data.json, or an organisation GUID"));
        }
        String u = url.strip();
        if (Guids.isWhole(u)) {
            return settings.baseUrl() + "/org/" + u.toLowerCase(java.util.Locale.ROOT) + "/dcat/data.json";
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(u);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new BadRequestException(Failure.of("dcat", null, "'" + io.github.usmartkit.internal.text.Redaction.withoutQuery(u)
                    + "' is neither an http(s) URL nor an organisation GUID",
                    "Give a DCAT URL such as https://discovery.usmart.io/org/{org}/dcat/data.json, or an organisation GUID"));
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadRequestException(Failure.of("dcat", null, "the catalogue URL holds a user name or password",
                    "Give the URL without credentials; the kit sends its own keys, and only to its own hosts"));
        }
        return u;
    }

    /**
     * A handle on the dataset of a catalogue row: {@code dataset(catalog().row(0))}, the GUID taken
     * from the row's {@code guid} column (or {@code datasetGUID}). No call is made.
     *
     * @throws BadRequestException if the row is null, has no such column, or its GUID is empty or malformed
     */
    public Dataset dataset(tech.tablesaw.api.Row row) {
        if (row == null) {
            throw new BadRequestException(Failure.of("dataset", null, "the row is null", "Give a row of catalog(), as catalog().row(0)"));
        }
        java.util.List<String> names = row.columnNames();
        String column = names.contains("guid") ? "guid" : names.contains("datasetGUID") ? "datasetGUID" : null;
        if (column == null) {
            throw new BadRequestException(Failure.of("dataset", null, "the row has no guid column (it has " + String.join(", ", names) + ")",
                    "Give a row of catalog(), or dataset(guid) with the dataset's GUID"));
        }
        if (row.getColumnType(column) != tech.tablesaw.api.ColumnType.STRING) {
            throw new BadRequestException(Failure.of("dataset", null, "the row's " + column + " column is " + row.getColumnType(column)
                    + ", not text", "Give a row of catalog(), or dataset(guid) with the dataset's GUID"));
        }
        return dataset(row.getString(column));
    }

    Transport transport() {
        return transport;
    }

    UsmartApi api() {
        return api;
    }

    java.util.concurrent.ExecutorService refreshers() {
        return refreshers;
    }

    FileUploads uploads() {
        return uploads;
    }

    /** Releases the HTTP clients (no call is made). */
    @Override
    public void close() {
        transport.close();
        putExecutor.shutdown();
        refreshers.shutdown();
    }

    @Override
    public String toString() {
        // one short line at the prompt: the organisation shortened, the read URL only when it differs
        return "USmart[org=" + io.github.usmartkit.internal.render.TableStyle.shortGuid(settings.org()) + ", baseUrl="
                + settings.baseUrl() + (settings.readUrl().equals(settings.baseUrl()) ? "" : ", readUrl=" + settings.readUrl())
                + ", key=" + settings.key().id() + " secret=****]";
    }

    /**
     * Settings for a session. Values set here win over the environment and the credentials file;
     * anything not set comes from them (see {@link USmart#connect()}).
     */
    public static final class Builder {
        private final Map<String, String> explicit = new HashMap<>();
        private Map<String, String> env = System.getenv();
        private Path home = homeDir();
        private String profile;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private ProxySettings proxy;
        private RetryPolicy retry = RetryPolicy.standard();
        private Path history;
        private boolean historySet;

        private Builder() {
        }

        private static Path homeDir() {
            return SettingsResolver.userHome(System.getenv());
        }

        /**
         * The control plane, default {@code https://data.usmart.io}.
         *
         * @throws ConfigurationException if it is not an http(s) URL without a query string
         */
        public Builder baseUrl(String url) {
            explicit.put("baseUrl", SettingsResolver.checkUrl("base URL", url));
            return this;
        }

        /**
         * The read API, default {@code https://api.usmart.io}.
         *
         * @throws ConfigurationException if it is not an http(s) URL without a query string
         */
        public Builder readUrl(String url) {
            explicit.put("readUrl", SettingsResolver.checkUrl("read URL", url));
            return this;
        }

        /**
         * The organisation GUID (or its DCAT URL).
         *
         * @throws ConfigurationException if it is empty or neither a GUID nor a DCAT URL
         */
        public Builder org(String orgGuid) {
            String o = given("organisation", orgGuid, "the organisation GUID, e.g. 7e8c0232-dab2-4937-8a70-335c712a135b", "USMART_ORG");
            explicit.put("org", o.contains("/") ? SettingsResolver.orgFromDcatUrl(o) : SettingsResolver.checkOrg(o));
            return this;
        }

        /** {@code setting}: what {@link ConfigurationException#settings()} names (the variable the value stands for). */
        private static String given(String what, String value, String example, String setting) {
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(Failure.of("connect", null, "the " + what + " given to USmart.builder() is "
                        + (value == null ? "null" : "empty"), "Give " + example + ", or leave it out to take it from the environment"
                        + " or ~/.usmart/credentials"), null, List.of(setting));
            }
            return value.strip();
        }

        /**
         * The organisation, given as the DCAT URL the uSmart UI shows; the GUID is extracted.
         *
         * @throws ConfigurationException if the URL has no {@code /org/{GUID}/dcat} part
         */
        public Builder dcatUrl(String url) {
            explicit.put("org", SettingsResolver.orgFromDcatUrl(url));
            return this;
        }

        /**
         * The API key (explicit values win over the environment and the credentials file; surrounding
         * spaces and line breaks, as a paste brings along, are dropped).
         *
         * @throws ConfigurationException if either part is null or empty, or holds a line break or control character
         */
        public Builder apiKey(String id, String secret) {
            String i = given("API key id", id, "the key id uSmart shows under Profile > Settings", "USMART_API_KEY_ID");
            String s = given("API key secret", secret, "the key's secret", "USMART_API_KEY_SECRET");
            SettingsResolver.checkHeaderValue("API key id", i);
            SettingsResolver.checkHeaderValue("API key secret", s);
            explicit.put("keyId", i);
            explicit.put("keySecret", s);
            return this;
        }

        /** The API key; see {@link #apiKey(String, String)}. */
        public Builder apiKey(ApiKey key) {
            if (key == null) {
                throw new ConfigurationException(Failure.of("connect", null, "the API key given to USmart.builder() is null",
                        "Give apiKey(id, secret), or leave it out to take it from the environment or ~/.usmart/credentials"), null,
                        List.of("USMART_API_KEY_ID", "USMART_API_KEY_SECRET"));
            }
            return apiKey(key.id(), key.secret());
        }

        /** Connect timeout of every call (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        /** Time allowed for a whole answer (default 60 s; uploads get more in proportion to their size). */
        public Builder readTimeout(Duration d) {
            this.readTimeout = positive("readTimeout", d);
            return this;
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new ConfigurationException(Failure.of("connect", null, what + " must be a positive duration, was " + d,
                        "Give e.g. Duration.ofSeconds(30)"), null, List.of("USmart.builder()." + what));
            }
            return d;
        }

        /** An HTTP proxy. */
        public Builder proxy(String host, int port) {
            this.proxy = new ProxySettings(host, port, null, null);
            return this;
        }

        /**
         * An HTTP proxy with basic authentication. Note the JDK by default refuses Basic
         * authentication for HTTPS tunnels: run with
         * {@code -Djdk.http.auth.tunneling.disabledSchemes=} to allow it.
         *
         * @throws ConfigurationException if the host, user or password is empty or the port is not one
         */
        public Builder proxy(String host, int port, String user, String password) {
            given("proxy user", user, "the proxy's user name, or use proxy(host, port) for a proxy without one", "USmart.builder().proxy");
            if (password == null || password.isEmpty()) {
                throw new ConfigurationException(Failure.of("connect", null, "the proxy password given to USmart.builder() is "
                        + (password == null ? "null" : "empty"), "Give the proxy's password, or use proxy(host, port) for a proxy without one"),
                        null, List.of("USmart.builder().proxy"));
            }
            this.proxy = new ProxySettings(host, port, user, password);
            return this;
        }

        /** The retry policy for calls safe to repeat (default {@link RetryPolicy#standard()}). */
        public Builder retryPolicy(RetryPolicy policy) {
            if (policy == null) {
                throw new ConfigurationException(Failure.of("connect", null, "the retry policy given to USmart.builder() is null",
                        "Give RetryPolicy.standard() or RetryPolicy.none()"), null, List.of("USmart.builder().retryPolicy"));
            }
            this.retry = policy;
            return this;
        }

        /** The environment to read (default {@code System.getenv()}; null or empty: none); for tests and embedding. */
        public Builder environment(Map<String, String> environment) {
            this.env = environment == null ? Map.of() : Map.copyOf(environment);
            return this;
        }

        /** The home directory holding {@code .usmart/credentials} (null: no credentials file). */
        public Builder home(Path homeDirectory) {
            this.home = homeDirectory;
            return this;
        }

        /**
         * Where the history of writes goes (default: {@code USMART_HISTORY} of the environment, else
         * {@code ~/.usmart/history.jsonl} under {@link #home}); null keeps no history.
         */
        public Builder history(Path file) {
            this.history = file;
            this.historySet = true;
            return this;
        }

        /** The credentials file profile (default, or null: USMART_PROFILE, else {@code default}). */
        public Builder profile(String name) {
            this.profile = name;
            return this;
        }

        /**
         * Resolves the settings and opens the session. Makes no call yet.
         *
         * @throws io.github.usmartkit.error.ConfigurationException listing everything missing and where it may come from
         */
        public USmart connect() {
            Map<String, String> r = SettingsResolver.resolve(explicit, env, home, profile);
            Settings s = new Settings(r.get("baseUrl"), r.get("readUrl"), r.get("org"),
                    new ApiKey(r.get("keyId"), r.get("keySecret")), connectTimeout, readTimeout, proxy, retry, r.get("source"));
            Path h = historySet ? history : History.location(env, home);
            return new USmart(s, h == null ? History.off() : History.at(h), null);
        }

        @Override
        public String toString() {
            return "USmart.Builder[org=" + explicit.get("org") + ", key="
                    + (explicit.containsKey("keyId") ? explicit.get("keyId") + " secret=****" : "unset") + "]";
        }
    }
}

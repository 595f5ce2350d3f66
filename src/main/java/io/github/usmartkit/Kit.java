package io.github.usmartkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.catalog.Catalog;
import io.github.usmartkit.internal.args.Args;
import io.github.usmartkit.read.RowQuery;
import io.github.usmartkit.sandbox.Sandbox;
import tech.tablesaw.api.Table;

/**
 * Static one-liners for JShell and notebooks, backed by one lazily created session:
 * <pre>
 * import static io.github.usmartkit.Kit.*;
 * dataset("114f8ea9-…").replace("3880d4e6-…", Path.of("air.csv")).refreshAll()
 * </pre>
 * The session comes from {@link USmart#connect()} (environment or credentials file), or from a
 * local in-process sandbox when the environment has {@code USMART_SANDBOX=1} or after
 * {@link #sandbox()}.
 */
public final class Kit {

    private static USmart session;
    private static Sandbox sandbox;

    private Kit() {
    }

    /**
     * (Re)connects: to a local sandbox if {@code USMART_SANDBOX=1}, else with
     * {@link USmart#connect()}. Closes any previous session. Makes no call to uSmart.
     *
     * @throws io.github.usmartkit.error.ConfigurationException listing the settings that are missing
     */
    public static synchronized USmart connect() {
        if ("1".equals(System.getenv("USMART_SANDBOX")) || "true".equalsIgnoreCase(System.getenv("USMART_SANDBOX"))) {
            return sandbox();
        }
        USmart s = USmart.connect();
        replace(s, null);
        return s;
    }

    /**
     * Uses the given session from now on (e.g. one made with {@link USmart#builder()}); closes any previous one.
     *
     * @throws io.github.usmartkit.error.BadRequestException if {@code s} is null (the previous session stays)
     */
    public static synchronized USmart use(USmart s) {
        Args.present("the session", s, "use", null, "a session from USmart.connect() or USmart.builder()...connect()");
        replace(s, null);
        return s;
    }

    /**
     * Starts a local sandbox (a fake uSmart with a demo organisation, in this JVM, on a free
     * loopback port) and connects to it with its Provider key. Closes any previous session.
     * Makes no call to uSmart.
     */
    public static synchronized USmart sandbox() {
        // Started outside the caller's thread group, so that in-process JShell does not wait for its server threads.
        Sandbox sb = io.github.usmartkit.internal.http.Threads.outsideCallerGroup("usmart-sandbox-start", Sandbox::start);
        USmart s = USmart.builder().environment(java.util.Map.of()).home(null)
                .baseUrl(sb.baseUrl()).readUrl(sb.baseUrl()).org(sb.org())
                .apiKey(sb.providerKey().id(), sb.providerKey().secret())
                // the sandbox's writes are rehearsals: their history stays with the sandbox, not in ~/.usmart
                .history(sb.dataDir().resolve("client-history.jsonl")).connect();
        replace(s, sb);
        return s;
    }

    private static void replace(USmart s, Sandbox sb) {
        closeDryRuns();
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        session = s;
        sandbox = sb;
        registerShutdownHook();
    }

    private static boolean hooked;

    private static void registerShutdownHook() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(Kit::close, "usmart-kit-close"));
        }
    }

    /**
     * The current session, connecting on first use (see {@link #connect()}; no call is made).
     *
     * @throws io.github.usmartkit.error.ConfigurationException on first use, if settings are missing
     */
    public static synchronized USmart session() {
        if (session == null) {
            connect();
        }
        return session;
    }

    /** Whether the session is a local sandbox. */
    public static synchronized boolean inSandbox() {
        return sandbox != null;
    }

    /**
     * Where the session is connected, in a few words: {@code "SANDBOX http://127.0.0.1:PORT"} or
     * {@code "organisation ORG at https://…"}; empty while no session is open. Never connects and
     * makes no call (for start-up lines and display badges).
     */
    public static synchronized java.util.Optional<String> connectedTo() {
        if (session == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(sandbox != null ? "SANDBOX " + sandbox.baseUrl()
                : "organisation " + session.org() + " at " + session.baseUrl());
    }

    /**
     * Where the kit is connected, in three short lines (under 100 columns with the usual URLs): the
     * local {@code SANDBOX} and its demo organisation, or the service URL and the organisation.
     * Connects first if needed (no call is made).
     */
    public static synchronized String banner() {
        USmart s = session();
        if (sandbox != null) {
            return "usmart-kit connected to the local SANDBOX at " + sandbox.baseUrl() + ": nothing here reaches uSmart.\n"
                    + "  demo organisation " + s.org() + ", Provider key " + s.settings().key().id() + "\n"
                    + "  help() lists the verbs.";
        }
        return "usmart-kit connected to " + s.baseUrl() + (s.readUrl().equals(s.baseUrl()) ? "" : " (read API " + s.readUrl() + ")") + "\n"
                + "  organisation " + s.org() + ", key " + s.settings().key().id() + "\n"
                + "  help() lists the verbs.";
    }

    /**
     * A handle on a dataset of the session's organisation (no call until it is used; see {@link Dataset}).
     *
     * @throws io.github.usmartkit.error.BadRequestException if {@code guid} is not GUID-like
     */
    public static Dataset dataset(String guid) {
        return session().dataset(guid);
    }

    /** Calls any action by name: {@code POST /org/{org}/{name}}; throws as {@link USmart#action}. */
    public static JsonNode action(String name, Object body) {
        return session().action(name, body);
    }

    /**
     * A handle on the dataset of a catalogue row: {@code dataset(catalog().row(0))}; throws as {@link USmart#dataset(tech.tablesaw.api.Row)}.
     */
    public static Dataset dataset(tech.tablesaw.api.Row row) {
        return session().dataset(row);
    }

    /** The organisation's full (private) catalogue as a table, one row per dataset: {@code GET …/dcat/private}; throws as {@link USmart#catalog()}. */
    public static Table catalog() {
        return session().catalog();
    }

    /** The organisation's public or private catalogue as a table: {@code GET …/dcat/public|private}; throws as {@link USmart#catalog(USmart.Visibility)}. */
    public static Table catalog(USmart.Visibility visibility) {
        return session().catalog(visibility);
    }

    /** Any organisation's public catalogue (a DCAT URL or an organisation GUID) as a table; keys only to the session's hosts; throws as {@link USmart#catalog(String)}. */
    public static Table catalog(String url) {
        return session().catalog(url);
    }

    /** The private catalogue parsed (datasets, distributions, JSON): {@code GET …/dcat/private}; throws as {@link USmart#dcat()}. */
    public static Catalog dcat() {
        return session().dcat();
    }

    /** The public or private catalogue parsed; throws as {@link USmart#dcat(USmart.Visibility)}. */
    public static Catalog dcat(USmart.Visibility visibility) {
        return session().dcat(visibility);
    }

    /** Any organisation's public catalogue parsed (a DCAT URL or an organisation GUID); throws as {@link USmart#dcat(String)}. */
    public static Catalog dcat(String url) {
        return session().dcat(url);
    }

    /** The first 100 rows a pipeline publishes: {@code GET …/latest/urql?limit(100)}; throws as {@link USmart#rows(String)}. */
    public static Table rows(String resourceContainerGuid) {
        return session().rows(resourceContainerGuid);
    }

    /** Up to {@code limit} rows ({@code -1}: all) a pipeline publishes: one URQL GET; throws as {@link USmart#rows(String, int)}. */
    public static Table rows(String resourceContainerGuid, int limit) {
        return session().rows(resourceContainerGuid, limit);
    }

    /**
     * A read query to refine (no call until read), with the factories of {@link io.github.usmartkit.read.Urql}:
     * {@code read(rc).where(gt("no2", 40), eq("site", "North Park")).sort(desc("no2")).limit(500).table()}.
     */
    public static RowQuery read(String resourceContainerGuid) {
        return session().read(resourceContainerGuid);
    }

    /**
     * A dry-run session on the current one (see {@link USmart#dryRun()}): reads are made, writes
     * are printed and collected in its {@code plan()}, never sent. Closed with {@link #close()}.
     * <pre>var dry = dryRun(); dry.dataset(ds).publish(fileGuid, Path.of("air.csv")); dry.plan()</pre>
     */
    public static synchronized USmart dryRun() {
        USmart dry = session().dryRun();
        dryRuns.add(dry);
        return dry;
    }

    private static final java.util.List<USmart> dryRuns = new java.util.ArrayList<>();

    /** The history of the session's writes, newest first (see {@link USmart#history()}); no call is made. */
    public static Table history() {
        return session().history();
    }

    /**
     * Publishes the files a manifest lists, as one job, on the current session (see
     * {@link USmart#bulk(java.nio.file.Path, io.github.usmartkit.bulk.BulkOptions)}): {@code bulk(Path.of("nightly.csv"))}.
     */
    public static io.github.usmartkit.bulk.BulkReport bulk(java.nio.file.Path manifest) {
        return session().bulk(manifest);
    }

    /** {@link #bulk(java.nio.file.Path)} with options: {@code bulk(manifest, BulkOptions.defaults().concurrency(2))}. */
    public static io.github.usmartkit.bulk.BulkReport bulk(java.nio.file.Path manifest, io.github.usmartkit.bulk.BulkOptions options) {
        return session().bulk(manifest, options);
    }

    /** The local check of a file before any upload (see {@link USmart#preflight(java.nio.file.Path)}); no call is made. */
    public static io.github.usmartkit.upload.PreflightReport preflight(java.nio.file.Path file) {
        return USmart.preflight(file);
    }

    /** Prints the verbs, one example each. */
    public static void help() {
        System.out.println(helpText());
    }

    /** The text {@link #help()} prints. */
    public static String helpText() {
        return """
                usmart-kit verbs (after import static io.github.usmartkit.Kit.* and io.github.usmartkit.read.Urql.*):
                  banner()                          where you are connected
                  connect() / sandbox()             (re)connect: environment/credentials, or a local sandbox
                  dataset(ds).view()                title, files and pipelines of a dataset
                  dataset(ds).files()               files as a table (fileGUID, fileName, size, revision, …)
                  dataset(ds).pipelines()           output pipelines as a table (resourceContainerGUID, status, …)
                  dataset(ds).add(Path.of("new.csv"))                 upload and add a file; shows its new fileGUID
                  dataset(ds).replace(fileGuid, Path.of("air.csv"))   upload a new revision of a file (keeps its name)
                  dataset(ds).publish(fileGuid, Path.of("air.csv"))   check, replace, refresh, wait, verify: one report
                  dataset(ds).verify(fileGuid, Path.of("air.csv"))    what the public sees vs the local file
                  preflight(Path.of("air.csv"))     check a CSV locally (no call)
                  dryRun()                          a session whose writes are planned, not sent; .plan()
                  history()                         every write the kit made, newest first
                  bulk(Path.of("nightly.csv"))      publish every file a manifest lists; a results table
                  dataset(ds).createPipeline("csv-to-api")            create an output pipeline
                  dataset(ds).refresh(rc)           reprocess one pipeline
                  dataset(ds).refreshAll()          reprocess every pipeline, with a results table
                  dataset(ds).awaitProcessed(Duration.ofMinutes(5))   wait until processing ends; says what failed
                  rows(rc) / rows(rc, -1)           published rows as a typed table (first 100 / all)
                  dataset(ds).rows()                the rows of a dataset's one pipeline
                  read(rc).where(gt("no2", 40), eq("site", "North Park")).sort(desc("no2")).limit(500).table()
                                                    a query the service runs: eq ne lt le gt ge in exists and or
                                                    match matchphrase re; .select(..) .revision(3) .all() .url()
                  read(rc).aggregate(by("site"), avg("no2"), max("pm10")).table()   aggregations as tables
                                                    (count sum avg min max stats); read(rc).stats("no2");
                                                    read(rc).histogram("timestamp", DAY, avg("no2")).table()
                  catalog() / catalog(USmart.Visibility.PUBLIC) / catalog(url)      the DCAT catalogue as a table
                  dataset(catalog().row(0))         from a catalogue row to its dataset; dcat(): the parsed catalogue
                  action("dataset:view", Map.of("datasetGUID", ds))  any action by name, as JSON
                  session()                         the USmart session behind these
                Tables show GUIDs shortened to 8 characters; the table itself holds them in full:
                  dataset(ds).pipelines().stringColumn("resourceContainerGUID").get(0)
                Demo (sandbox) dataset 114f8ea9-b5fa-45dd-af46-f9313dd31762,
                  file 3880d4e6-ffdd-465b-bd97-56901021ef1c, pipeline e5a73062-ed6c-4282-8262-b33ae725f02b
                Example:
                  dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762")
                      .replace("3880d4e6-ffdd-465b-bd97-56901021ef1c", Path.of("air.csv")).refreshAll()""";
    }

    private static void closeDryRuns() {
        dryRuns.forEach(USmart::close);
        dryRuns.clear();
    }

    /** Closes the session and any sandbox it started (no call is made). */
    public static synchronized void close() {
        closeDryRuns();
        if (session != null) {
            session.close();
            session = null;
        }
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }
}

package io.github.usmartkit.cli;

import static io.github.usmartkit.cli.CliProcesses.run;
import static io.github.usmartkit.cli.CliProcesses.usmart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand as a real process ({@code java … io.github.usmartkit.cli.Main}) against one
 * running sandbox ({@code usmart sandbox --env-file}, its keys given as the environment, as a job
 * would get them): exit codes in success and in each kind of failure, the {@code --json} document
 * parsed, standard output and error kept apart, the sandbox only when asked, credentials found
 * under {@code HOME}, non-TTY progress, a manifest and its re-run, {@code configure} through
 * standard input, a non-ASCII file name with and without a locale. The tests touch different
 * datasets (or say what they expect of the one they share), so they may run in any order.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

    static final String AIR = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
    static final String AIR_FILE = "3880d4e6-ffdd-465b-bd97-56901021ef1c";
    static final String AIR_API = "e5a73062-ed6c-4282-8262-b33ae725f02b";
    static final String CAR = "a60c7aad-cf06-4def-938e-31a6432d45f1";
    static final String CAR_FILE = "4d12f6b1-27d0-40e9-b104-cf702d2f382b";
    static final String CAR_API = "ade675ea-1a63-4322-9d7a-c58782afe012";
    static final String BIN = "127ec799-8236-47e1-96e6-599762f1025d";
    static final String BIN_FILE = "03e30a34-4e71-4bec-9e07-8befa1900f29";
    static final String PLAYGROUND = "6acb8f8c-7bd3-46a0-9633-f271c8d17ed2";
    static final String RECYCLING = "a2624c83-2296-497a-a725-fef950f3724f";
    static final Duration T = Duration.ofMinutes(2);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern STAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*");

    @TempDir
    static Path work;

    private CliProcesses.SandboxProcess sandbox;
    /** The HOME of the runs with the sandbox's keys in their environment (their history goes there). */
    private Path home;

    @BeforeAll
    void startSandbox() throws Exception {
        sandbox = new CliProcesses.SandboxProcess(work);
        home = Files.createDirectories(work.resolve("home"));
    }

    @AfterAll
    void stopSandbox() throws InterruptedException {
        sandbox.close();
    }

    /** The environment of a job given the sandbox's keys (as `set -a; . sandbox.env` gives them). */
    private Map<String, String> keys() {
        Map<String, String> env = CliProcesses.baseEnv(home);
        env.putAll(sandbox.env);
        return env;
    }

    private CliProcesses.Result cli(Map<String, String> env, String... args) {
        return run(usmart(args), env, work, T, null);
    }

    private static JsonNode json(CliProcesses.Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("standard output is not one JSON document: " + r.all(), e);
        }
    }

    private static Path airCsv(Path file, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,site,no2,pm10,pm25\n");
        for (int i = 0; i < rows; i++) {
            sb.append("2026-03-01T").append(String.format("%02d:%02d:00Z", (i / 60) % 24, i % 60)).append(",Site ").append(i % 5)
                    .append(',').append(20 + i % 13).append(".5,14.0,").append(i % 9).append('\n');
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, sb.toString());
    }

    private static Path carCsv(Path file, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,car_park,capacity,occupied\n");
        for (int i = 0; i < rows; i++) {
            sb.append("2026-03-01T06:").append(String.format("%02d", i % 60)).append(":00Z,Park ").append(i % 3).append(",640,").append(i).append('\n');
        }
        return Files.writeString(file, sb.toString());
    }

    private static long revision(JsonNode status, String file) {
        for (JsonNode f : status.path("files")) {
            if (f.path("fileGUID").asText().equals(file)) {
                return f.path("revision").asLong();
            }
        }
        throw new AssertionError("no file " + file + " in " + status);
    }

    // ---- connecting

    @Test
    void whoami_saysWhereAndWithWhichKey_andChecksIt_exit0_thenAWrongSecret_exit2() {
        CliProcesses.Result ok = cli(keys(), "whoami", "--json");
        assertEquals(0, ok.exit(), ok.all());
        JsonNode doc = json(ok);
        assertEquals("whoami", doc.path("command").asText());
        assertEquals(sandbox.url, doc.path("url").asText());
        assertEquals(sandbox.env.get("USMART_ORG"), doc.path("organisation").asText());
        assertTrue(doc.path("keysWork").asBoolean(), ok.all());
        assertEquals(7, doc.path("datasets").asInt());
        String keyId = sandbox.env.get("USMART_API_KEY_ID");
        assertEquals(Keys.shorten(keyId), doc.path("keyId").asText());
        assertFalse(ok.out().contains(keyId) || ok.err().contains(keyId), "the key id is shortened everywhere: " + ok.all());
        assertFalse(ok.all().contains(sandbox.env.get("USMART_API_KEY_SECRET")), "never the secret");

        Map<String, String> wrong = keys();
        wrong.put("USMART_API_KEY_SECRET", "not-the-secret");
        CliProcesses.Result bad = cli(wrong, "whoami", "--json");
        assertEquals(ExitCodes.USAGE, bad.exit(), bad.all());
        assertFalse(json(bad).path("keysWork").asBoolean());
        assertEquals("AuthenticationException", json(bad).path("error").path("kind").asText());
        assertTrue(bad.err().startsWith("usmart whoami: ") && !bad.err().contains("\tat "), bad.err());
    }

    @Test
    void withoutCredentials_commandsAndScriptsExit2_namingBothWaysOut_neverTheSandbox() throws IOException {
        Map<String, String> none = CliProcesses.baseEnv(Files.createDirectories(work.resolve("nobody")));
        CliProcesses.Result status = cli(none, "status", AIR);
        assertEquals(ExitCodes.USAGE, status.exit(), status.all());
        assertTrue(status.err().contains("usmart configure") && status.err().contains("--sandbox"), status.err());
        assertEquals("", status.out());

        CliProcesses.Result publish = cli(none, "publish", AIR, AIR_FILE, "air.csv", "--json");
        assertEquals(ExitCodes.USAGE, publish.exit(), publish.all());
        assertEquals("ConfigurationException", json(publish).path("error").path("kind").asText());

        // the failure the issue found: a scheduled script without credentials "published" to the sandbox and exited 0
        Path script = Files.writeString(work.resolve("nightly.jsh"), "System.out.println(dataset(\"" + AIR + "\").view().title())\n");
        CliProcesses.Result shell = cli(none, "shell", script.toString());
        assertEquals(ExitCodes.USAGE, shell.exit(), shell.all());
        assertTrue(shell.err().contains("usmart configure") && shell.err().contains("--sandbox"), shell.err());
        assertFalse(shell.out().contains("Air quality"), "the script did not run against a sandbox: " + shell.all());
    }

    /** The kit reads ~/.usmart/credentials under HOME, as the shell, cron and Jupyter do (Java's user.home ignores HOME on Linux). */
    @Test
    void credentialsFileUnderHome_isTheOneRead_andAGroupReadableOneIsRefusedWithTheFix() throws IOException {
        Path h = Files.createDirectories(work.resolve("readable/.usmart")).getParent();
        Path file = h.resolve(".usmart/credentials");
        Files.writeString(file, "[default]\norg = " + sandbox.env.get("USMART_ORG") + "\napi_key_id = " + sandbox.env.get("USMART_API_KEY_ID")
                + "\napi_key_secret = " + sandbox.env.get("USMART_API_KEY_SECRET") + "\nbase_url = " + sandbox.url + "\nread_url = "
                + sandbox.url + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CliProcesses.Result r = cli(CliProcesses.baseEnv(h), "status", AIR);
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("chmod 600 " + file), "the refusal of that file, not 'missing settings': " + r.err());
        assertEquals(1, r.err().lines().count(), "one paragraph: " + r.err());
        // the interactive shell too: said before JShell starts, not as a stack trace from its start-up
        CliProcesses.Result shell = run(usmart("shell"), CliProcesses.baseEnv(h), work, T, "/exit\n");
        assertEquals(ExitCodes.USAGE, shell.exit(), shell.all());
        assertTrue(shell.err().contains("chmod 600 " + file) && !shell.err().contains("\tat "), shell.err());
        assertFalse(shell.out().contains("jshell>"), "JShell never started: " + shell.out());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        CliProcesses.Result ok = cli(CliProcesses.baseEnv(h), "status", AIR, "--json");
        assertEquals(0, ok.exit(), ok.all());
        assertEquals("Air quality readings", json(ok).path("title").asText());
    }

    @Test
    void configure_readsStandardInput_checksTheKeys_andWritesAPrivateFile_thatTheNextCommandUses() throws IOException {
        Path h = Files.createDirectories(work.resolve("configured"));
        String secret = sandbox.env.get("USMART_API_KEY_SECRET");
        String answers = sandbox.url + "/org/" + sandbox.env.get("USMART_ORG") + "/dcat/public\n" + sandbox.env.get("USMART_API_KEY_ID") + "\n"
                + secret + "\n";
        CliProcesses.Result r = run(usmart("configure", "--sandbox-url", sandbox.url, "--profile", "rehearsal"), CliProcesses.baseEnv(h),
                work, T, answers);
        assertEquals(0, r.exit(), r.all());
        Path file = h.resolve(".usmart/credentials");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String text = Files.readString(file);
        assertTrue(text.contains("[rehearsal]") && text.contains("api_key_secret = " + secret) && text.contains("org = "
                + sandbox.env.get("USMART_ORG")), "the DCAT URL's organisation: " + text);
        assertTrue(r.err().contains("API key secret (not shown): "), r.err());
        assertFalse(r.all().contains(secret), "the secret is not printed back: " + r.all());
        assertTrue(r.out().contains("the keys work"), r.out());

        CliProcesses.Result who = cli(CliProcesses.baseEnv(h), "whoami", "--profile", "rehearsal", "--json");
        assertEquals(0, who.exit(), who.all());
        assertEquals("credentials file", json(who).path("source").asText());

        Path h2 = Files.createDirectories(work.resolve("refused"));
        CliProcesses.Result bad = run(usmart("configure", "--sandbox-url", sandbox.url), CliProcesses.baseEnv(h2), work, T,
                sandbox.env.get("USMART_ORG") + "\n" + sandbox.env.get("USMART_API_KEY_ID") + "\nwrong-secret\n");
        assertEquals(ExitCodes.USAGE, bad.exit(), bad.all());
        assertTrue(bad.err().contains("nothing was written"), bad.err());
        assertFalse(Files.exists(h2.resolve(".usmart/credentials")));
    }

    // ---- publishing

    @Test
    void publish_logsEveryStageWithATimestamp_printsOneJsonDocument_thenUnchanged_thenQuiet() throws IOException {
        long before = revision(json(cli(keys(), "status", AIR, "--json")), AIR_FILE);
        Path csv = airCsv(work.resolve("data/air-march.csv"), 70_000); // about 3 MiB: a "large" upload, with a line per 10 %
        CliProcesses.Result r = cli(keys(), "publish", AIR, AIR_FILE, csv.toString(), "--json", "--wait", "90s");
        assertEquals(0, r.exit(), r.all());
        JsonNode doc = json(r);
        assertEquals("publish", doc.path("command").asText());
        assertEquals("published", doc.path("outcome").asText());
        assertEquals(before + 1, doc.path("revision").asLong());
        assertTrue(doc.path("verified").asBoolean(), r.out());
        assertEquals(70_000, doc.path("rows").asLong());
        assertEquals(2, doc.path("verify").path("pipelines").size());

        // standard error is a log: one timestamped line per stage, never a carriage return
        assertFalse(r.out().contains("\r") || r.err().contains("\r"), "no redraws in a log");
        List<String> progress = r.err().lines().filter(l -> STAMP.matcher(l).matches()).toList();
        assertTrue(progress.stream().anyMatch(l -> l.matches(".*upload air-march\\.csv: uploading \\d\\.\\d MiB")), r.err());
        for (String stage : List.of("upload air-march.csv: asking for an upload URL",
                "upload air-march.csv: uploaded ", "upload air-march.csv: registered as revision " + (before + 1))) {
            assertTrue(progress.stream().anyMatch(l -> l.substring(21).startsWith(stage)), stage + " in:\n" + r.err());
        }
        long tenths = progress.stream().filter(l -> l.matches(".*: [1-9]0% \\(.*MiB\\)")).count();
        assertTrue(tenths >= 5, "a line every 10 % of the upload, in MiB: " + r.err());
        assertTrue(progress.stream().anyMatch(l -> l.matches(".*refresh Air quality readings: csv-to-api " + AIR_API + ": .*→ complete")),
                "each pipeline's status change: " + r.err());
        assertTrue(r.err().contains("connected to organisation " + sandbox.env.get("USMART_ORG")), r.err());

        CliProcesses.Result again = cli(keys(), "publish", AIR, AIR_FILE, csv.toString(), "--json");
        assertEquals(0, again.exit(), again.all());
        assertEquals("unchanged", json(again).path("outcome").asText());
        assertEquals(before + 1, json(again).path("revision").asLong());

        CliProcesses.Result quiet = cli(keys(), "publish", AIR, AIR_FILE, csv.toString(), "--quiet");
        assertEquals(0, quiet.exit(), quiet.all());
        assertEquals("", quiet.out() + quiet.err(), "--quiet prints nothing but errors");

        CliProcesses.Result history = cli(keys(), "history", "--json", "--limit", "-1");
        assertEquals(0, history.exit(), history.all());
        List<String> outcomes = StreamSupport.stream(json(history).path("writes").spliterator(), false)
                .filter(w -> w.path("action").asText().equals("publish")).map(w -> w.path("outcome").asText()).toList();
        assertEquals(List.of("unchanged", "unchanged", "published"), outcomes.subList(0, 3), history.out());
    }

    @Test
    void publish_refusedBeforeSending_exit1_sayingNothingChanged_orExit2ForABadArgument() throws IOException {
        Path ragged = Files.writeString(work.resolve("ragged.csv"), "timestamp,car_park,capacity,occupied\n2026-03-01T00:00:00Z,North,640\n");
        CliProcesses.Result pre = cli(keys(), "publish", CAR, CAR_FILE, ragged.toString(), "--json");
        assertEquals(ExitCodes.FAILED, pre.exit(), pre.all());
        assertEquals("PreflightFailedException", json(pre).path("error").path("kind").asText());
        assertEquals("nothing was changed", json(pre).path("state").asText());
        assertTrue(pre.err().contains("ragged.csv line 2") && pre.err().contains("  uSmart: nothing was changed"), pre.err());

        Path renamed = Files.writeString(work.resolve("renamed.csv"), "when,where,capacity,occupied\n2026-03-01T00:00:00Z,North,640,3\n");
        CliProcesses.Result schema = cli(keys(), "publish", CAR, CAR_FILE, renamed.toString(), "--json");
        assertEquals(ExitCodes.FAILED, schema.exit(), schema.all());
        assertEquals("SchemaChangeException", json(schema).path("error").path("kind").asText(), schema.out());
        assertEquals("nothing was changed", json(schema).path("state").asText());

        CliProcesses.Result guid = cli(keys(), "publish", CAR, "not/a-guid", renamed.toString());
        assertEquals(ExitCodes.USAGE, guid.exit(), guid.all());
        assertEquals(1L, revision(json(cli(keys(), "status", CAR, "--json")), CAR_FILE), "nothing was sent");
    }

    /** A dataset of the demo organisation with no pipeline, which no other test here gives one. */
    static final String NO_PIPELINES = "85300a7e-c4b8-4535-9b26-9391844850cc";

    /**
     * What a failing command says to do is a {@code usmart} command or option, never a Java call
     * (the core's advice is written for JShell; {@link CliAdvice} says it as the command line does):
     * in the message on standard error, in the {@code --json} document's {@code whatToDo}, and in
     * the captions of a dataset without pipelines. Each run is refused or a read: nothing changes.
     */
    @Test
    void failures_adviseUsmartCommandsAndOptions_neverJavaCalls() throws IOException {
        String unknown = "00000000-0000-4000-8000-000000000000";
        Path good = airCsv(work.resolve("advice/air.csv"), 3);
        Path empty = Files.writeString(work.resolve("advice/empty.csv"), "");
        Path renamed = Files.writeString(work.resolve("advice/renamed.csv"), "when,where,capacity,occupied\n2026-03-01T00:00:00Z,North,640,3\n");
        record Case(String expected, String... args) {
        }
        List<Case> cases = List.of(
                new Case("`usmart catalog`", "status", unknown),
                new Case("`usmart status DATASET`", "rows", unknown),
                // the command's own dataset filled in, so that the advice runs as printed
                new Case("`usmart add " + AIR + " PATH`", "publish", AIR, unknown, good.toString()),
                new Case("`usmart shell`", "publish", AIR, AIR_FILE, empty.toString()),
                new Case("--allow-schema-change", "publish", CAR, CAR_FILE, renamed.toString()),
                new Case("`usmart catalog`", "refresh", unknown));
        for (Case c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of(c.args()));
            args.add("--json");
            CliProcesses.Result r = cli(keys(), args.toArray(String[]::new));
            String what = String.join(" ", c.args());
            assertTrue(r.exit() == ExitCodes.FAILED || r.exit() == ExitCodes.USAGE, what + ": " + r.all());
            String advice = json(r).path("error").path("whatToDo").asText();
            assertTrue(advice.contains(c.expected()), what + ": the advice names " + c.expected() + ": " + advice);
            assertFalse(CliAdvice.JAVA_CALL.matcher(advice).find(), what + ": no Java call in the advice: " + advice);
            String line = r.err().lines().filter(l -> l.startsWith("usmart " + c.args()[0] + ": ") && l.contains("failed"))
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": no failure line: " + r.err()));
            assertTrue(line.endsWith(advice), what + ": the message ends with the same advice: " + line);
            assertFalse(line.contains("()"), what + ": " + line);
        }
        assertEquals(1L, revision(json(cli(keys(), "status", CAR, "--json")), CAR_FILE), "nothing was sent");

        CliProcesses.Result none = cli(keys(), "refresh", NO_PIPELINES);
        assertEquals(0, none.exit(), none.all());
        assertTrue(none.out().contains("`usmart add " + NO_PIPELINES + " PATH --pipeline csv-to-api`") && !none.out().contains("()"), none.all());
        CliProcesses.Result status = cli(keys(), "status", NO_PIPELINES);
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("--pipeline csv-to-api`") && !status.out().contains("()"), status.all());
    }

    /** A pipeline that cannot publish the file (csv-to-geojson needs latitude and longitude): the file is there, the public does not see it. */
    @Test
    void addWithAPipelineThatFails_exit4_publishedButNotVerified() throws IOException {
        Path points = Files.writeString(work.resolve("points.csv"), "name,count\nA,1\nB,2\n");
        CliProcesses.Result r = cli(keys(), "add", PLAYGROUND, points.toString(), "--pipeline", "csv-to-geojson", "--wait", "60s", "--json");
        assertEquals(ExitCodes.UNVERIFIED, r.exit(), r.all());
        JsonNode doc = json(r);
        assertEquals("VerificationFailedException", doc.path("error").path("kind").asText());
        assertFalse(doc.path("verify").path("ok").asBoolean());
        assertTrue(doc.path("state").asText().contains("added") && doc.path("state").asText().contains("csv-to-geojson"), r.out());
    }

    @Test
    void replaceDryRun_plansTheWrites_sendsNone_thenRefreshWaits() throws IOException {
        Path car = carCsv(work.resolve("car-dry.csv"), 30);
        CliProcesses.Result dry = cli(keys(), "replace", CAR, CAR_FILE, car.toString(), "--dry-run", "--json");
        assertEquals(0, dry.exit(), dry.all());
        JsonNode doc = json(dry);
        assertEquals("planned", doc.path("outcome").asText());
        List<String> actions = StreamSupport.stream(doc.path("plan").spliterator(), false).map(w -> w.path("action").asText()).toList();
        assertTrue(actions.contains("file:updateRevision") && actions.contains("PUT"), actions.toString());
        assertTrue(dry.err().contains("would file:updateRevision"), "the planned writes are printed for people: " + dry.err());

        CliProcesses.Result refresh = cli(keys(), "refresh", CAR, "--wait", "60s", "--json", "--no-progress");
        assertEquals(0, refresh.exit(), refresh.all());
        JsonNode r = json(refresh);
        assertTrue(r.path("ok").asBoolean() && r.path("processing").path("ok").asBoolean(), refresh.out());
        assertEquals(CAR_API, r.path("pipelines").get(0).path("resourceContainerGUID").asText());
        assertFalse(refresh.err().lines().anyMatch(l -> STAMP.matcher(l).matches()), "--no-progress: " + refresh.err());
        assertEquals(1L, revision(json(cli(keys(), "status", CAR, "--json")), CAR_FILE), "the dry run sent nothing");
    }

    // ---- reading

    @Test
    void statusRowsAndCatalog_printWhatTheyRead_asTextJsonOrCsv() {
        CliProcesses.Result status = cli(keys(), "status", RECYCLING);
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("Recycling points") && status.out().contains("recycling-points.geojson"), status.out());
        assertEquals(1, status.out().lines().filter(l -> l.startsWith("fileGUID")).count(), "the files once: " + status.out());
        assertEquals(1, status.out().lines().filter(l -> l.startsWith("resourceContainerGUID") || l.startsWith("no output pipelines"))
                .count(), "the pipelines (none here) once: " + status.out());

        // GUIDs whole on the command line: copied from one command into the next
        CliProcesses.Result air = cli(keys(), "status", AIR);
        assertEquals(0, air.exit(), air.all());
        assertTrue(air.out().contains(AIR_FILE) && air.out().contains(AIR_API), air.out());
        assertFalse(air.out().contains("…  "), "no GUID cut short: " + air.out());
        CliProcesses.Result listed = cli(keys(), "catalog");
        assertEquals(0, listed.exit(), listed.all());
        assertTrue(listed.out().contains(AIR + "  Air quality readings"), listed.out());

        CliProcesses.Result rows = cli(keys(), "rows", CAR_API, "--limit", "3", "--json");
        assertEquals(0, rows.exit(), rows.all());
        JsonNode doc = json(rows);
        assertEquals(3, doc.path("count").asInt());
        String park = doc.path("rows").get(0).path("car_park").asText();

        CliProcesses.Result filtered = cli(keys(), "rows", CAR_API, "--query", "car_park=" + park, "--limit", "-1", "--csv");
        assertEquals(0, filtered.exit(), filtered.all());
        List<String> lines = filtered.out().lines().toList();
        assertTrue(lines.get(0).contains("car_park") && lines.size() > 2, filtered.out());
        assertTrue(lines.subList(1, lines.size()).stream().allMatch(l -> l.contains(park)), filtered.out());

        CliProcesses.Result pub = cli(keys(), "catalog", "--public", "--json");
        assertEquals(0, pub.exit(), pub.all());
        assertEquals(6, json(pub).path("count").asInt(), "the private Bin collections is not public");

        // a public catalogue at its DCAT URL needs no keys at all
        Map<String, String> none = CliProcesses.baseEnv(work.resolve("nobody-catalog"));
        CliProcesses.Result url = cli(none, "catalog", "--url", sandbox.url + "/org/" + sandbox.env.get("USMART_ORG") + "/dcat/public");
        assertEquals(0, url.exit(), url.all());
        assertTrue(url.out().contains("6 datasets") && url.out().contains("Air quality readings"), url.out());
    }

    // ---- bulk

    @Test
    void bulk_goodAndBadLines_exit3_thenAReRunSendsNothingAgain_thenAllGood_exit0() throws IOException {
        Path dir = Files.createDirectories(work.resolve("bulk"));
        Files.writeString(dir.resolve("bins.csv"), "date,street,ward,bin_type\n2026-03-02,High Street,North,recycling\n"
                + "2026-03-03,Low Road,South,general\n");
        Files.writeString(dir.resolve("counts.csv"), "site,count\nA,1\nB,2\nC,3\n");
        Files.writeString(dir.resolve("ragged.csv"), "site,count\nA\n");
        String good = BIN + "," + BIN_FILE + ",bins.csv,\n" + PLAYGROUND + ",,counts.csv,csv-to-api\n";
        Path manifest = Files.writeString(dir.resolve("nightly.csv"), "datasetGUID,fileGUID,path,pipelineId\n" + good
                + PLAYGROUND + ",,ragged.csv,\n" + CAR + "," + CAR_FILE + ",missing.csv,\n");
        CliProcesses.Result r = cli(keys(), "bulk", manifest.toString(), "--json", "--wait", "60s");
        assertEquals(ExitCodes.PARTIAL, r.exit(), r.all());
        JsonNode doc = json(r);
        List<String> outcomes = StreamSupport.stream(doc.path("results").spliterator(), false).map(l -> l.path("outcome").asText()).toList();
        assertEquals(List.of("published", "published", "refused", "refused"), outcomes, r.out());
        assertEquals(2, doc.path("results").get(0).path("line").asInt());
        assertEquals(2L, doc.path("results").get(0).path("rows").asLong());
        assertEquals("PreflightFailedException", doc.path("results").get(2).path("errorKind").asText());
        assertTrue(r.err().contains("2 of 4 line(s) not done (2 refused)"), "the failed lines counted, in words: " + r.err());
        assertTrue(r.err().lines().anyMatch(l -> STAMP.matcher(l).matches() && l.contains("line 2 published")), r.err());

        CliProcesses.Result again = cli(keys(), "bulk", manifest.toString(), "--json", "--quiet");
        assertEquals(ExitCodes.PARTIAL, again.exit(), again.all());
        List<String> outcomes2 = StreamSupport.stream(json(again).path("results").spliterator(), false)
                .map(l -> l.path("outcome").asText()).toList();
        assertEquals(List.of("unchanged", "unchanged", "refused", "refused"), outcomes2, again.out());
        assertTrue(again.err().contains("usmart bulk: line 4 refused: ") && again.err().contains("usmart bulk: line 5 refused: "),
                "--quiet: no table, but the errors: " + again.err());
        assertFalse(again.err().lines().anyMatch(l -> STAMP.matcher(l).matches()), "--quiet: no progress: " + again.err());

        Files.writeString(manifest, "datasetGUID,fileGUID,path,pipelineId\n" + good);
        CliProcesses.Result fixed = cli(keys(), "bulk", manifest.toString());
        assertEquals(0, fixed.exit(), fixed.all());
        assertTrue(fixed.out().startsWith("bulk " + manifest + ": 2 lines: 2 unchanged"), fixed.out());

        Files.writeString(dir.resolve("bins2.csv"), "date,street,ward,bin_type\n2026-03-04,Mill Lane,East,garden\n");
        Files.writeString(manifest, "datasetGUID,fileGUID,path\n" + BIN + "," + BIN_FILE + ",bins2.csv\n");
        CliProcesses.Result dry = cli(keys(), "bulk", manifest.toString(), "--dry-run", "--json");
        assertEquals(0, dry.exit(), dry.all());
        assertEquals("planned", json(dry).path("results").get(0).path("outcome").asText());
        assertEquals(2L, revision(json(cli(keys(), "status", BIN, "--json")), BIN_FILE), "the dry run sent nothing");
    }

    // ---- file names and locales

    /**
     * Under LANG=C Java decodes file names as ASCII: a non-ASCII name is refused, not stored
     * mangled. With no locale at all (as cron runs a job) bin/usmart sets C.UTF-8, and the name
     * arrives exactly.
     */
    @Test
    void nonAsciiFileName_refusedUnderLangC_storedExactlyWhenBinUsmartChoosesTheLocale() throws IOException {
        Path dir = Files.createDirectories(work.resolve("names"));
        Path cafe = Files.writeString(dir.resolve("café crème.csv"), "item,price\nflat white,3.1\n", StandardCharsets.UTF_8);
        Map<String, String> c = keys();
        c.put("LANG", "C");
        CliProcesses.Result refused = run(usmart("add", RECYCLING, "café crème.csv"), c, dir, T, null);
        assertEquals(ExitCodes.USAGE, refused.exit(), refused.all());
        assertTrue(refused.err().contains("cannot be represented") && refused.err().contains("LANG=C.UTF-8"), refused.err());

        Path kit = CliProcesses.kitCopy(work.resolve("kit"));
        Map<String, String> noLocale = keys();
        noLocale.remove("LANG");
        noLocale.remove("USMART_KIT_ROOT");
        CliProcesses.Result added = run(List.of(kit.resolve("bin/usmart").toString(), "add", RECYCLING, cafe.getFileName().toString(), "--json"),
                noLocale, dir, T, null);
        assertEquals(0, added.exit(), added.all());
        assertEquals("café crème.csv", json(added).path("fileName").asText(), added.out());
        JsonNode status = json(cli(keys(), "status", RECYCLING, "--json"));
        assertTrue(StreamSupport.stream(status.path("files").spliterator(), false)
                .anyMatch(f -> f.path("fileName").asText().equals("café crème.csv")), status.toString());
        assertFalse(status.toString().contains("caf?"), status.toString());
    }

    /** bench hands its arguments to bin/usmart-bench as they are (its own --help included). */
    @Test
    void bench_passesItsArgumentsThrough() {
        CliProcesses.Result help = cli(keys(), "bench", "--help");
        assertEquals(0, help.exit(), help.all());
        assertTrue(help.out().contains("bench"), "bin/usmart-bench's own usage: " + help.out());
        CliProcesses.Result unknown = cli(keys(), "bench", "no-such-benchmark");
        assertEquals(2, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("no-such-benchmark"), unknown.err());
        CliProcesses.Result option = cli(keys(), "bench", "--and-an-option");
        assertEquals(2, option.exit(), option.all());
        assertTrue(option.err().contains("--and-an-option"), option.err());
    }

    // ---- scripts

    @Test
    void script_readAsJshellReadsIt_exitN_open_andRefusedCommands() throws IOException {
        Path dir = Files.createDirectories(work.resolve("scripts"));
        Files.writeString(dir.resolve("lib.jsh"), "String title(String ds) { return dataset(ds).view().title(); }\n");
        Path script = Files.writeString(dir.resolve("job.jsh"), "/open " + dir.resolve("lib.jsh") + "\n"
                + "var t = title(\"" + AIR + "\")\n"
                + "System.out.println(\"title: \" + t)\n"
                + "/exit t.length()\n");
        Map<String, String> env = keys();
        CliProcesses.Result r = cli(env, "shell", "--sandbox-url", sandbox.url, script.toString());
        assertEquals("Air quality readings".length(), r.exit(), r.all());
        assertEquals("title: Air quality readings", r.out().strip());

        Path vars = Files.writeString(dir.resolve("vars.jsh"), "int a = 1\n/vars\nSystem.out.println(\"after\")\n");
        CliProcesses.Result refused = cli(env, "shell", "--sandbox-url", sandbox.url, vars.toString());
        assertEquals(1, refused.exit(), refused.all());
        assertTrue(refused.err().contains("vars.jsh:2: error: /vars is a jshell command"), refused.err());
        assertEquals("", refused.out());
    }

    @Test
    void inProcessSandbox_onlyWhenAsked_saysSo() throws IOException {
        Path csv = airCsv(work.resolve("data/air-rehearsal.csv"), 20);
        Map<String, String> none = CliProcesses.baseEnv(Files.createDirectories(work.resolve("rehearsal")));
        CliProcesses.Result r = cli(none, "publish", AIR, AIR_FILE, csv.toString(), "--sandbox", "--json");
        assertEquals(0, r.exit(), r.all());
        assertEquals("published", json(r).path("outcome").asText());
        assertEquals(2, json(r).path("revision").asLong(), "a fresh sandbox of its own");
        assertTrue(r.err().contains("connected to the local SANDBOX at http://127.0.0.1:"), r.err());

        Map<String, String> env = new HashMap<>(none);
        env.put("USMART_SANDBOX", "1");
        CliProcesses.Result viaEnv = cli(env, "whoami", "--json");
        assertEquals(0, viaEnv.exit(), viaEnv.all());
        assertTrue(json(viaEnv).path("sandbox").asBoolean());
    }
}

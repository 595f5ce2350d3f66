package io.github.usmartkit.cli;

import static io.github.usmartkit.cli.CliProcesses.ROOT;
import static io.github.usmartkit.cli.CliProcesses.run;
import static io.github.usmartkit.cli.CliProcesses.usmart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipes of the README ("Run it every night", "In CI") as they are written in examples/: the
 * crontab line, the systemd unit's ExecStart and the GitHub Actions step are read from those files
 * and run as written against a sandbox, through a copy of the kit's checkout (bin/usmart as the
 * recipes call it), in an environment as bare as the scheduler's: cron's has no locale and a short
 * PATH, the keys come from ~/.usmart/credentials, the unit's EnvironmentFile, or the CI's secrets.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipesIT {

    static final String AIR = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
    static final String AIR_FILE = "3880d4e6-ffdd-465b-bd97-56901021ef1c";
    static final Duration T = Duration.ofMinutes(2);

    @TempDir
    static Path work;

    private CliProcesses.SandboxProcess sandbox;
    private Path kit;

    @BeforeAll
    void start() throws Exception {
        sandbox = new CliProcesses.SandboxProcess(work);
        kit = CliProcesses.kitCopy(work.resolve("usmart-kit"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        sandbox.close();
    }

    private static Path airCsv(Path file, int rows, int seed) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,site,no2,pm10,pm25\n");
        for (int i = 0; i < rows; i++) {
            sb.append("2026-04-01T").append(String.format("%02d", i % 24)).append(":00:00Z,Site ").append(i % 3).append(',')
                    .append(seed + i % 7).append(".5,12.0,6.0\n");
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, sb.toString());
    }

    private long revision() throws IOException {
        Map<String, String> env = CliProcesses.baseEnv(work);
        env.putAll(sandbox.env);
        CliProcesses.Result r = run(usmart("status", AIR, "--json"), env, work, T, null);
        assertEquals(0, r.exit(), r.all());
        for (JsonNode f : new ObjectMapper().readTree(r.out()).path("files")) {
            if (f.path("fileGUID").asText().equals(AIR_FILE)) {
                return f.path("revision").asLong();
            }
        }
        throw new AssertionError(r.out());
    }

    /** The options that speed the test's JVMs (not the class-data archive: its class path is the checkout's), handed to bin/usmart as a user would. */
    private static String javaOpts() {
        return String.join(" ", CliProcesses.QUICK);
    }

    @Test
    void cronLine_asWritten_publishesWithTheCredentialsFile_noLocale_logsTheStages() throws IOException {
        String line = Files.readAllLines(ROOT.resolve("examples/nightly.crontab")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
        String[] fields = line.split("\\s+", 6);
        assertEquals("15 2 * * *", String.join(" ", List.of(fields).subList(0, 5)), "every night at 02:15");
        String command = fields[5];
        assertFalse(command.contains("SECRET") || command.contains("KEY"), "no secret in the crontab: " + command);
        assertFalse(command.contains("%"), "cron turns % into a line break");

        Path home = Files.createDirectories(work.resolve("cron-home"));
        Files.createSymbolicLink(home.resolve("usmart-kit"), kit);
        airCsv(home.resolve("data/air.csv"), 48, 30);
        Path creds = Files.createDirectories(home.resolve(".usmart")).resolve("credentials");
        Files.writeString(creds, "[default]\norg = " + sandbox.env.get("USMART_ORG") + "\napi_key_id = " + sandbox.env.get("USMART_API_KEY_ID")
                + "\napi_key_secret = " + sandbox.env.get("USMART_API_KEY_SECRET") + "\nbase_url = " + sandbox.url + "\nread_url = "
                + sandbox.url + "\n");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        long before = revision();

        // what cron gives a job: HOME, LOGNAME, SHELL=/bin/sh, PATH=/usr/bin:/bin, no locale, the line run by /bin/sh
        Map<String, String> cron = new HashMap<>(Map.of("HOME", home.toString(), "LOGNAME", "usmart", "SHELL", "/bin/sh",
                "PATH", "/usr/bin:/bin", "USMART_JAVA_OPTS", javaOpts()));
        CliProcesses.Result r = run(List.of("/bin/sh", "-c", command), cron, home, T, null);
        assertEquals(0, r.exit(), r.all());
        assertEquals("", r.out() + r.err(), "cron mails nothing when the job succeeds");
        String log = Files.readString(home.resolve("usmart-air.log"));
        assertTrue(log.contains("registered as revision " + (before + 1)) && log.contains("published air-quality-2026.csv"), log);
        assertFalse(log.contains("\r"), log);
        assertEquals(before + 1, revision());

        // and when it fails (the file is gone), cron mails the one line saying so, with the exit code
        Files.delete(home.resolve("data/air.csv"));
        CliProcesses.Result failed = run(List.of("/bin/sh", "-c", command), cron, home, T, null);
        assertEquals(0, failed.exit(), "the echo after || succeeds");
        assertTrue(failed.out().startsWith("usmart publish failed with exit 1: see " + home + "/usmart-air.log"), failed.all());
    }

    @Test
    void systemdUnit_execStartWithItsEnvironmentFile_publishes() throws IOException {
        List<String> unit = Files.readAllLines(ROOT.resolve("examples/systemd/usmart-publish.service"));
        String exec = value(unit, "ExecStart");
        String envFile = value(unit, "EnvironmentFile");
        assertEquals("/etc/usmart/air.env", envFile);
        assertTrue(Files.readString(ROOT.resolve("examples/systemd/usmart-publish.timer")).contains("OnCalendar=*-*-* 02:15:00"));
        Path data = airCsv(work.resolve("var-lib-usmart/air.csv"), 36, 50);
        // the unit's two paths, placed here: where the kit is installed, and the file it publishes
        String command = exec.replace("/opt/usmart-kit", kit.toString()).replace("/var/lib/usmart/air.csv", data.toString());
        assertFalse(command.equals(exec));
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", Files.createDirectories(work.resolve("svc")).toString(),
                "USMART_JAVA_OPTS", javaOpts()));
        // EnvironmentFile= lines, as the sandbox's env file holds them (systemd reads KEY=VALUE)
        env.putAll(sandbox.env);
        long before = revision();
        CliProcesses.Result r = run(List.of(command.split(" ")), env, work, T, null);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("published air-quality-2026.csv as file " + AIR_FILE + " revision " + (before + 1)), r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\d{4}-.*Z upload air\\.csv: registered as revision \\d+")), r.err());
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + "= in the unit"));
    }

    @Test
    void githubActionsStep_asWritten_publishesWithTheSecretsAsEnvironment_andWritesTheJsonReport() throws IOException {
        List<String> yaml = Files.readAllLines(ROOT.resolve("examples/github-actions/publish.yml"));
        Step step = step(yaml, "Publish");
        for (String secret : List.of("USMART_ORG", "USMART_API_KEY_ID", "USMART_API_KEY_SECRET")) {
            assertEquals("${{ secrets." + secret + " }}", step.env.get(secret), "from the CI's secret store: " + secret);
        }
        Path repo = Files.createDirectories(work.resolve("data-repo"));
        Files.createSymbolicLink(repo.resolve("usmart-kit"), kit);
        airCsv(repo.resolve("data/air.csv"), 24, 70);
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", Files.createDirectories(work.resolve("runner")).toString(),
                "LANG", "C.UTF-8", "USMART_JAVA_OPTS", javaOpts()));
        Matcher m = Pattern.compile("\\$\\{\\{ secrets\\.(\\w+) }}").matcher("");
        for (Map.Entry<String, String> e : step.env.entrySet()) {
            m.reset(e.getValue());
            env.put(e.getKey(), m.matches() ? sandbox.env.get(m.group(1)) : e.getValue());
        }
        // the secrets are the organisation and the keys; where the service is comes with the runner's settings
        env.put("USMART_BASE_URL", sandbox.url);
        env.put("USMART_READ_URL", sandbox.url);
        long before = revision();
        // as GitHub runs a step's script: bash -e -o pipefail, in the repository's folder
        CliProcesses.Result r = run(List.of("/bin/bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step.run), env, repo, T, null);
        assertEquals(0, r.exit(), r.all());
        JsonNode report = new ObjectMapper().readTree(repo.resolve("publish.json").toFile());
        assertEquals("published", report.path("outcome").asText());
        assertEquals(before + 1, report.path("revision").asLong());
        assertTrue(report.path("verified").asBoolean());
        assertFalse(r.all().contains(sandbox.env.get("USMART_API_KEY_SECRET")), "the secret is in no output");
    }

    /** One step of a workflow: its env and run (read plainly: the file is ours, its shape known). */
    record Step(Map<String, String> env, String run) {
    }

    static Step step(List<String> yaml, String name) {
        int at = -1;
        for (int i = 0; i < yaml.size(); i++) {
            if (yaml.get(i).strip().equals("- name: " + name)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "no step named " + name);
        int indent = yaml.get(at).indexOf('-') + 2;
        Map<String, String> env = new LinkedHashMap<>();
        List<String> run = new ArrayList<>();
        String in = null;
        for (int i = at + 1; i < yaml.size(); i++) {
            String l = yaml.get(i);
            int lead = l.length() - l.stripLeading().length();
            if (!l.isBlank() && lead < indent || l.strip().startsWith("- ") && lead < indent + 1) {
                break; // the next step
            }
            if (lead == indent) {
                in = l.strip().startsWith("env:") ? "env" : l.strip().startsWith("run: |") ? "run" : null;
                continue;
            }
            if ("env".equals(in)) {
                int colon = l.indexOf(':');
                env.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
            } else if ("run".equals(in)) {
                run.add(l.strip());
            }
        }
        assertFalse(run.isEmpty(), "the step has a run script");
        return new Step(env, String.join("\n", run));
    }
}

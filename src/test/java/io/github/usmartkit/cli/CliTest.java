package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.ProcessingTimeoutException;
import io.github.usmartkit.error.SchemaChangeException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.error.VerificationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's argument handling, in this JVM (no process, no service): picocli's parsing and
 * generated help, the exit code of each kind of failure, and the small parts (durations, file
 * names, key ids, the credentials file's writer). What talks to a sandbox runs as real processes
 * in CliIT.
 */
class CliTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new Context(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), false));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run run(String... args) {
        return run(Map.of("HOME", dir.resolve("home").toString()), args);
    }

    @Test
    void help_listsEveryCommandAndTheExitCodes() {
        Run r = run("--help");
        assertEquals(0, r.exit(), r.err());
        for (String c : List.of("publish", "replace", "add", "refresh", "status", "rows", "catalog", "history", "bulk", "configure",
                "whoami", "sandbox", "shell", "kernel", "notebook", "bench")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + c + " ")), c + " listed:\n" + r.out());
        }
        for (String code : List.of("0   done", "1   failed", "2   usage or configuration", "3   partial", "4   published, but")) {
            assertTrue(r.out().contains(code), code + ":\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"publish", "replace", "add", "refresh", "status", "rows", "catalog", "history", "bulk", "configure", "whoami",
            "shell", "kernel", "notebook"})
    void eachCommand_hasHelp(String command) {
        Run r = run(command, "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: usmart " + command), r.out());
        if (!List.of("kernel", "notebook").contains(command)) {
            assertTrue(r.out().contains("Exit codes"), command + " documents its exit codes:\n" + r.out());
        }
    }

    @Test
    void noCommand_isUsage_exit2() {
        Run r = run();
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("Usage: usmart"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownCommand_exit2_withASuggestion() {
        Run r = run("publsh");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("publsh") && r.err().contains("publish"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingArgument_exit2_namingIt_andWhereHelpIs() {
        Run r = run("publish", "114f8ea9-b5fa-45dd-af46-f9313dd31762");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("FILE_GUID") && r.err().contains("PATH"), r.err());
        assertTrue(r.err().contains("usmart publish --help"), r.err());
    }

    @Test
    void usageErrorWithJson_isOneJsonDocumentOnStdout() throws IOException {
        Run r = run("status", "114f8ea9-b5fa-45dd-af46-f9313dd31762", "--json", "--no-such-option");
        assertEquals(ExitCodes.USAGE, r.exit());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("status", doc.path("command").asText());
        assertEquals(2, doc.path("exit").asInt());
        assertEquals("UsageError", doc.path("error").path("kind").asText());
        assertTrue(doc.path("error").path("message").asText().contains("--no-such-option"), r.out());
    }

    @Test
    void badDuration_exit2_withExamples() {
        Run r = run("publish", "a", "b", "c.csv", "--wait", "soon");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("'soon' is not a duration") && r.err().contains("PT2H"), r.err());
    }

    @Test
    void noCredentials_exit2_namingBothWaysOut_andNothingOnStdout() {
        Run r = run("status", "114f8ea9-b5fa-45dd-af46-f9313dd31762");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("usmart configure") && r.err().contains("--sandbox"), r.err());
        assertTrue(r.err().contains(dir.resolve("home/.usmart/credentials").toString()), "names where it looked: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
        Path home = dir.resolve("home");
        assertEquals(List.of("USMART_ORG", "USMART_API_KEY_ID", "USMART_API_KEY_SECRET", home.resolve(".usmart/credentials").toString()),
                Connection.noCredentials(home).settings());
    }

    @Test
    void sandboxAndSandboxUrl_together_exit2() {
        Run r = run("status", "114f8ea9-b5fa-45dd-af46-f9313dd31762", "--sandbox", "--sandbox-url", "http://127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--sandbox and --sandbox-url"), r.err());
    }

    @Test
    void sandboxUrl_withoutKeysInTheEnvironment_exit2_sayingHowToLoadThem() {
        Run r = run("status", "114f8ea9-b5fa-45dd-af46-f9313dd31762", "--sandbox-url", "http://127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--env-file") && r.err().contains("set -a"), r.err());
    }

    @Test
    void interactiveShellWithSandboxUrl_butNoKeys_exit2_beforeJShellStarts() {
        Run r = run("shell", "--sandbox-url", "http://127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("--env-file"), r.err());
    }

    @Test
    void kernelWithoutSubcommand_isUsage() {
        Run r = run("kernel");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("install") && r.err().contains("starts"), r.err());
    }

    @Test
    void kernelInstallSandbox_isGone_sayingWhatToDoInstead() {
        Run r = run("kernel", "install", "--sandbox");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("USMART_SANDBOX=1"), r.err());
    }

    @Test
    void kernelInstall_userAndPrefixTogether_exit2() {
        Run r = run("kernel", "install", "--user", "--prefix", dir.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }

    @Test
    void rowsQuery_otherThanColumnEqualsValue_exit2() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> RowsCommand.filtered(null, "no2=lt=40"));
        assertTrue(e.whatToDo().contains("column=value"), e.getMessage());
        assertThrows(BadRequestException.class, () -> RowsCommand.filtered(null, "lt(no2,40)"));
        assertThrows(BadRequestException.class, () -> RowsCommand.filtered(null, "site="));
    }

    @Test
    void durations_asPeopleTypeThem() {
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("90s"));
        assertEquals(Duration.ofMinutes(10), DurationConverter.parse("10m"));
        assertEquals(Duration.ofHours(2), DurationConverter.parse("PT2H"));
        assertEquals(Duration.ofHours(2), DurationConverter.parse("pt2h"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofMinutes(90), DurationConverter.parse("1.5h"));
        assertEquals(Duration.ofDays(1), DurationConverter.parse("1d"));
        for (String bad : new String[] {"", "10", "ten minutes", "-5s", "PT-1S", "5 parsecs"}) {
            assertNull(DurationConverter.parse(bad), bad);
        }
    }

    @Test
    void fileName_thatTheJvmCouldNotDecode_isRefused_namingTheLocale() {
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> new PathConverter().convert("caf\uFFFD\uFFFD.csv"));
        assertTrue(e.getMessage().contains("caf??.csv") && e.getMessage().contains("LANG=C.UTF-8"), e.getMessage());
        assertEquals(Path.of("café.csv"), new PathConverter().convert("café.csv"));
    }

    @Test
    void keyIds_areShortened_anEmailAddressToo() {
        assertEquals("key-prov…3c4d", Keys.shorten("key-provider-1a2b3c4d"));
        assertEquals("ja…@council.gov.uk", Keys.shorten("jane.doe@council.gov.uk"));
        assertEquals("short-id", Keys.shorten("short-id"));
        assertFalse(Keys.shorten("jane.doe@council.gov.uk").contains("jane.doe"));
    }

    /** One place maps every kind of failure to its exit code. */
    @Test
    void exitCodes_ofEachKindOfFailure() {
        Failure f = Failure.of("x", null, "what", "do");
        assertEquals(2, ExitCodes.of(new ConfigurationException(f)));
        assertEquals(2, ExitCodes.of(new AuthenticationException(f.withStatus(401))));
        assertEquals(2, ExitCodes.of(new PermissionException(f.withStatus(403))));
        assertEquals(2, ExitCodes.of(new BadRequestException(f)), "refused by the kit before any call: a bad argument");
        assertEquals(1, ExitCodes.of(new BadRequestException(f.withStatus(400))), "refused by the service");
        assertEquals(1, ExitCodes.of(new NotFoundException(f.withStatus(404))));
        assertEquals(1, ExitCodes.of(new PreflightFailedException(f, "a.csv", 3, 1)));
        assertEquals(1, ExitCodes.of(new UploadFailedException(f)));
        assertEquals(1, ExitCodes.of(new SchemaChangeException(f, null, List.of(), List.of(), List.of(), Map.of())));
        assertEquals(1, ExitCodes.of(new ServiceException(f.withStatus(503))));
        assertEquals(1, ExitCodes.of(new TransportException(f)));
        assertEquals(1, ExitCodes.of(new ProcessingTimeoutException(f)));
        assertEquals(4, ExitCodes.of(new VerificationFailedException(f, null)));
        assertEquals(1, ExitCodes.of(new IllegalStateException("a defect")));
    }

    @Test
    void stateAfterAWrite_saysWhatChanged() {
        Failure f = Failure.of("x", null, "what", "do");
        assertEquals("nothing was changed", ExitCodes.stateAfterWrite(new PreflightFailedException(f, "a.csv", 3, 1), null));
        assertTrue(ExitCodes.stateAfterWrite(new UploadFailedException(f), null).startsWith("nothing was registered"));
        String after = ExitCodes.stateAfterWrite(new ProcessingTimeoutException(f), "air.csv registered as revision 3");
        assertTrue(after.startsWith("air.csv registered as revision 3; ") && after.contains("still processing"), after);
    }

    @Test
    void credentialsWriter_createsAPrivateFile_andKeepsTheOtherProfiles() throws IOException {
        Path file = dir.resolve("home/.usmart/credentials");
        CredentialsWriter.write(file, "default", new java.util.LinkedHashMap<>(Map.of("org", "o1")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        Files.writeString(file, "# mine\n[default]\norg = o1\n\n[other]\norg = o2\napi_key_id = k2\n");
        CredentialsWriter.write(file, "default", new java.util.LinkedHashMap<>(Map.of("org", "o3")));
        String text = Files.readString(file);
        assertTrue(text.contains("# mine") && text.contains("[other]\norg = o2\napi_key_id = k2") && text.contains("[default]\norg = o3"), text);
        assertFalse(text.contains("o1"), text);
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void historyWithoutAnyWrite_isAnEmptyTable_noCredentialsNeeded() {
        Run r = run("history", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"count\" : 0"), r.out());
        Run text = run("history");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("no writes recorded yet"), text.out());
        assertFalse(text.out().contains("outcome"), "no empty table: " + text.out());
    }
}

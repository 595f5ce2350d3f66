package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.error.VerificationFailedException;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;
import picocli.CommandLine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How results and failures are printed: a failure is one paragraph on standard error (what went
 * wrong and what to do, then what state uSmart is in), never a stack trace (unless
 * {@code USMART_DEBUG=1}); with {@code --json} also one JSON document on standard output.
 */
final class Reports {

    private Reports() {
    }

    /** Writes a JSON document to standard output as UTF-8, whatever the locale (JSON is UTF-8). */
    static void json(Context ctx, ObjectNode doc) {
        byte[] bytes = (doc.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
        ctx.out().write(bytes, 0, bytes.length);
        ctx.out().flush();
    }

    /** A document's first two fields: the command and its exit code. */
    static ObjectNode document(String command, int exit) {
        ObjectNode doc = Json.object();
        doc.put("command", command);
        doc.put("exit", exit);
        return doc;
    }

    /**
     * Reports a failure of {@code command} and returns its exit code.
     *
     * @param state what state uSmart is in afterwards, or null when nothing was sent (usage, configuration)
     */
    static int failure(Context ctx, String command, boolean json, Throwable e, String state) {
        int code = ExitCodes.of(e);
        PrintStream err = ctx.err();
        err.println("usmart " + command + ": " + message(e));
        if (state != null && code != ExitCodes.USAGE) {
            err.println("  uSmart: " + state);
        }
        if (!(e instanceof USmartException) && !(e instanceof CommandLine.ParameterException) && ctx.flag("USMART_DEBUG")) {
            e.printStackTrace(err);
        }
        err.flush();
        if (json) {
            ObjectNode doc = document(command, code);
            doc.set("error", Documents.error(e));
            if (state != null && code != ExitCodes.USAGE) {
                doc.put("state", state);
            }
            if (e instanceof VerificationFailedException v && v.report() != null) {
                doc.set("verify", Documents.verify(v.report()));
            }
            json(ctx, doc);
        }
        return code;
    }

    /**
     * The message of a failure: the kit's own (already cleaned of secrets) with its advice in the
     * command line's terms ({@link CliAdvice}), or the class and text of anything else.
     */
    static String message(Throwable e) {
        if (e instanceof USmartException u) {
            return CliAdvice.failure(u.failure()).message();
        }
        if (e instanceof CommandLine.ParameterException) {
            return e.getMessage();
        }
        String text = e.getMessage() == null ? "" : ": " + Redaction.clean(e.getMessage());
        return "unexpected " + e.getClass().getName() + text + " (USMART_DEBUG=1 shows where)";
    }

    /** Bad arguments: the problem and where help is, exit 2 (and a JSON document if {@code --json} was among them). */
    static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        private final Context ctx;

        UsageErrors(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^usmart ?", "");
            PrintStream err = ctx.err();
            err.println("usmart" + (name.isEmpty() ? "" : " " + name) + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'usmart " + (name.isEmpty() ? "" : name + " ") + "--help' for the arguments it takes.");
            err.flush();
            if (Arrays.asList(args).contains("--json")) {
                ObjectNode doc = document(name.isEmpty() ? "usmart" : name, ExitCodes.USAGE);
                doc.set("error", Documents.error(ex));
                json(ctx, doc);
            }
            return ExitCodes.USAGE;
        }
    }

    /** Anything a command did not report itself: one paragraph, its exit code. */
    static final class Unexpected implements CommandLine.IExecutionExceptionHandler {
        private final Context ctx;

        Unexpected(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
            String name = cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^usmart ?", "");
            return failure(ctx, name.isEmpty() ? "usmart" : name, false, ex, null);
        }
    }
}

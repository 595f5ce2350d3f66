package io.github.usmartkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usmartkit.internal.render.TableStyle;
import io.github.usmartkit.progress.ProgressListener;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A command that talks to uSmart: connects as {@link Connection} decides, runs, prints its result
 * (text, or one JSON document), and reports a failure as one paragraph with its exit code. While it
 * runs, {@code System.out} is standard error (or nothing, with {@code --quiet}): what the kit prints
 * for people (a dry run's planned writes) never mixes into the results.
 */
abstract class KitCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Mixin
    ConnectOptions connect;

    /** What the command had completed, for the state a failure leaves (see {@link ExitCodes#stateAfterWrite}). */
    private volatile String done;

    /** What a command produced. */
    record Result(int exit, String text, ObjectNode json, boolean data) {
        /** A report (printed unless {@code --quiet}). */
        static Result report(String text, ObjectNode json) {
            return new Result(ExitCodes.OK, text, json, false);
        }

        /** Data a read was asked for (printed even with {@code --quiet}). */
        static Result data(String text, ObjectNode json) {
            return new Result(ExitCodes.OK, text, json, true);
        }

        Result exit(int code) {
            return new Result(code, text, json, data);
        }
    }

    /** Whether the command writes (its failures then say what state uSmart is in). */
    abstract boolean writes();

    /** Runs against the connection. */
    abstract Result run(Connection c, Context ctx);

    /** Opens the connection ({@link Connection#open}); null for a command that needs none. */
    Connection connection(Context ctx) {
        return Connection.open(connect, ctx);
    }

    /** Records what is done so far (a failure after it names it). */
    void done(String what) {
        done = what;
    }

    String name() {
        return spec.qualifiedName(" ").replaceFirst("^usmart ", "");
    }

    /** Progress that also records what was registered, for the state a failure leaves. */
    ProgressListener progress() {
        ProgressListener shown = output.progress();
        return new ProgressListener() {
            @Override
            public void update(String task, long d, long total) {
                shown.update(task, d, total);
            }

            @Override
            public void stage(String task, String stage) {
                if (stage.startsWith("registered")) {
                    done(task.replaceFirst("^upload ", "") + " " + stage);
                }
                shown.stage(task, stage);
            }

            @Override
            public void finished(String task, boolean ok) {
                shown.finished(task, ok);
            }
        };
    }

    /** A line for people on standard error, unless {@code --quiet}. */
    void say(Context ctx, String line) {
        if (!output.quiet) {
            ctx.err().println("usmart " + name() + ": " + line);
            ctx.err().flush();
        }
    }

    /** The dataset this command was given (its DATASET argument), or null: the advice names it (see {@link CliAdvice#forDataset}). */
    String datasetArgument() {
        return null;
    }

    @Override
    public final Integer call() {
        return CliAdvice.forDataset(datasetArgument(), this::runAndReport);
    }

    private Integer runAndReport() {
        Context ctx = main.context();
        PrintStream systemOut = System.out;
        System.setOut(output.quiet ? new PrintStream(OutputStream.nullOutputStream()) : ctx.err());
        try (Connection c = connection(ctx)) {
            if (c != null && (c.sandbox() || writes())) {
                say(ctx, "connected to " + c.target());
            }
            // GUIDs whole: a person copies them from one command's output into the next
            Result r = TableStyle.wholeGuids(() -> run(c, ctx));
            System.out.flush();
            emit(ctx, r);
            return r.exit();
        } catch (RuntimeException e) {
            System.out.flush();
            return Reports.failure(ctx, name(), output.json, e, writes() ? ExitCodes.stateAfterWrite(e, done) : ExitCodes.stateAfterRead());
        } finally {
            System.setOut(systemOut);
        }
    }

    private void emit(Context ctx, Result r) {
        if (output.json) {
            ObjectNode doc = Reports.document(name(), r.exit());
            if (r.json() != null) {
                doc.setAll(r.json());
            }
            Reports.json(ctx, doc);
        } else if (r.text() != null && (r.data() || !output.quiet)) {
            ctx.out().print(r.text().endsWith("\n") ? r.text() : r.text() + "\n");
            ctx.out().flush();
        }
    }
}

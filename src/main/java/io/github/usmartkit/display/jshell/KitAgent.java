package io.github.usmartkit.display.jshell;

import io.github.usmartkit.display.Displayable;
import io.github.usmartkit.display.TableView;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.internal.render.TableStyle;
import io.github.usmartkit.internal.text.Debug;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.RemoteExecutionControl;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import tech.tablesaw.api.Table;

/**
 * JShell's remote agent (the JVM that runs the snippets) with the kit's display: a Tablesaw
 * {@link Table} typed at the prompt shows in the kit's table style (as {@link TableView}), a kit
 * value ({@link Displayable}) as its text view; every other value as JShell shows it. JShell
 * itself shows a value by its {@code toString()}, which a Tablesaw table cannot be taught.
 * {@code bin/usmart shell} starts it:
 * <pre>jshell --class-path KIT --execution "jdi:remoteAgent(io.github.usmartkit.display.jshell.KitAgent)"</pre>
 * Ctrl-C still stops a snippet: JShell's debugger finds the snippet by the agent class's own
 * {@code invoke}/{@code varValue} frames, which is why both are declared here.
 */
public final class KitAgent extends RemoteExecutionControl {

    /**
     * Connects back to JShell on the port it gives and serves it, as JShell's own agent does:
     * commands on the socket, the snippets' standard output, error and input multiplexed on it.
     * (From Java 22 JShell also forwards {@code System.console()}; its plumbing is not public, so
     * under this agent a snippet's {@code System.console()} is the JVM's own.)
     */
    public static void main(String[] args) throws Exception {
        Socket socket = new Socket((String) null, Integer.parseInt(args[0]));
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
        outputs.put("out", st -> System.setOut(new PrintStream(st, true)));
        outputs.put("err", st -> System.setErr(new PrintStream(st, true)));
        Map<String, Consumer<InputStream>> inputs = new HashMap<>();
        inputs.put("in", System::setIn);
        Util.forwardExecutionControlAndIO(new KitAgent(), in, out, outputs, inputs);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        try {
            return show(doitMethod.invoke(null));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof USmartException kit && !Debug.stackTraces()) {
                // JShell prints "|  Exception CLASS: MESSAGE" as one line whatever its length, then
                // the frames; a kit error needs neither the package nor frames, and reads wrapped
                throw new ExecutionControl.UserException(prompt(kit), kit.getClass().getSimpleName(), new StackTraceElement[0]);
            }
            throw e;
        }
    }

    /**
     * A kit exception's message for the prompt, wrapped at words so that every line JShell prints
     * (the first after {@code |  Exception NAME: }, the others after the {@code |  } JShell leaves
     * to the first alone) stays within 120 columns.
     */
    static String prompt(USmartException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int first = TableStyle.WIDTH - "|  Exception ".length() - e.getClass().getSimpleName().length() - 2;
        return String.join("\n|  ", TableStyle.lines(message, first, TableStyle.WIDTH - "|  ".length()));
    }

    @Override
    public String varValue(String className, String varName)
            throws ExecutionControl.RunException, ExecutionControl.EngineTerminationException, ExecutionControl.InternalException {
        return super.varValue(className, varName); // /vars keeps JShell's one-line form
    }

    /** How the prompt shows {@code value}: the kit's view of tables and kit values, JShell's form of the rest. */
    static String show(Object value) {
        try {
            if (value instanceof Table t) {
                return TableView.of(t).toText().stripTrailing();
            }
            if (value instanceof Displayable d) {
                return d.toText().stripTrailing();
            }
        } catch (RuntimeException | LinkageError e) {
            // a display that fails must not lose the value: show it as JShell would
        }
        return valueString(value);
    }
}

package org.rapaio.jupyter.kernel.core.java;

import java.util.Map;
import java.util.WeakHashMap;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.1's {@code RapaioExecutionControlProvider} (same public
 * API), placed before the kernel jar on the kernel's class path by {@code usmart kernel install}. Not
 * part of the kit's artifact. It differs in one thing: the execution control it makes is an
 * {@link InterruptibleExecutionControl}, so that interrupting a cell does not end every later cell.
 */
public class RapaioExecutionControlProvider implements ExecutionControlProvider {

    /** Parameter naming the engine a control is registered for ({@code JavaEngine} looks it up by it). */
    public static final String EXECUTION_ID_KEY = "execution_id";
    /** Parameter giving a cell's time limit in milliseconds; -1 for none. */
    public static final String EXECUTION_TIMEOUT_KEY = "timeout";

    private final Map<String, RapaioExecutionControl> controls = new WeakHashMap<>();

    /** The control generated for engine {@code id}, or null. */
    public RapaioExecutionControl getRegisteredControl(String id) {
        synchronized (controls) {
            return controls.get(id);
        }
    }

    @Override
    public String name() {
        return "RapaioKernelControlProvider";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        Map<String, String> p = parameters == null ? Map.of() : parameters;
        String timeout = p.get(EXECUTION_TIMEOUT_KEY);
        RapaioExecutionControl control = new InterruptibleExecutionControl(timeout == null ? -1 : Long.parseLong(timeout));
        String id = p.get(EXECUTION_ID_KEY);
        if (id != null) {
            synchronized (controls) {
                controls.put(id, control);
            }
        }
        return control;
    }
}

package org.rapaio.jupyter.kernel.core.java;

/**
 * rapaio-jupyter-kernel 3.0.1's execution control with {@link #stop()} fixed (part of the kit's
 * kernel patch, made by the patched {@link RapaioExecutionControlProvider}).
 *
 * <p>The defect (rapaio-jupyter-kernel 3.0.1, unchanged in 3.0.4): {@code RapaioExecutionControl.stop()}
 * shuts down the thread pool that runs every cell, and {@code JavaEngine.interrupt()} calls it (once
 * directly, once through {@code JShell.stop()}) each time a cell is interrupted. After that, the
 * next cell's {@code executor.submit} throws {@code RejectedExecutionException};
 * {@code DirectExecutionControl.invoke} reports it as an {@code InternalException}, and JShell's
 * {@code Eval} drops internal exceptions (it only logs them to its debug stream). So every later cell
 * ends with status ok, no value and no output, until the kernel is restarted. The same shutdown also
 * races with the interrupted cell itself: if the pool is already shut down when the cancelled cell
 * wakes, rapaio reports a silent {@code StoppedException} instead of "Evaluator was interrupted".
 *
 * <p>Here {@code stop()} does what JShell's contract says ({@code JShell.stop()}: "attempt to stop
 * currently running evaluation"): it cancels the running cell, and the pool lives on for the next one.
 * The pool is shut down when JShell closes the control, i.e. when the kernel shuts down. (A cell that
 * never looks at its interrupt flag, such as a busy loop, still cannot be stopped: its thread goes on,
 * and later cells run on other threads of the pool.)
 */
final class InterruptibleExecutionControl extends RapaioExecutionControl {

    InterruptibleExecutionControl(long timeoutMillis) {
        super(timeoutMillis);
    }

    /** Cancels (interrupts) the running cell; the next cell runs as usual. */
    @Override
    public void stop() {
        interrupt();
    }

    /** Shuts the pool down: rapaio's {@code stop()}, which is right only at the end. */
    @Override
    public void close() {
        try {
            super.stop();
        } finally {
            super.close();
        }
    }
}

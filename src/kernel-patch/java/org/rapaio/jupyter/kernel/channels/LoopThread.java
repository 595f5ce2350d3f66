package org.rapaio.jupyter.kernel.channels;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread} (same public API), placed before the
 * kernel jar on the kernel's class path by {@code usmart kernel install}. Not part of the kit's artifact.
 *
 * <p>Works around a start-up race in rapaio-jupyter-kernel 3.0.1 (unchanged in 3.0.4):
 * {@code LoopThread.start()} calls {@code Thread.start()} before it sets {@code running = true}, so a
 * channel thread that gets scheduled at once reads {@code running == false}, leaves its loop, and that
 * channel (often the shell or heartbeat channel) never answers: the kernel looks alive but Jupyter
 * waits forever. About 1 start in 10 hung on a 2-core machine. This copy sets the flag before starting
 * the thread; everything else behaves as the original (same constructor, loop, sleep and shutdown).
 * (The second start-up race of that release, messages arriving before the handlers are registered, is
 * fixed in the patch's {@link Channels}.)
 */
public final class LoopThread extends Thread {

    private volatile boolean running = false;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            loopBody.run();
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        // The fix: the flag must be visible before the thread can first read it.
        running = true;
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}

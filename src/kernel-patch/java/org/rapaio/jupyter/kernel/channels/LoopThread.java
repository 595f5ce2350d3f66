package org.rapaio.jupyter.kernel.channels;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread}, placed before the kernel
 * jar on the kernel's class path by {@code bin/usmart-kernel}. Not part of the kit's artifact.
 *
 * <p>Works around a start-up race in rapaio-jupyter-kernel 3.0.1 (still in its newest
 * source): {@code LoopThread.start()} calls {@code Thread.start()} before it sets
 * {@code running = true}, so a channel thread that gets scheduled at once reads
 * {@code running == false}, leaves its loop, and that channel (often the shell or heartbeat
 * channel) never answers: the kernel looks alive but Jupyter waits forever. About 1 start in
 * 10 hung on a 2-core machine. This copy sets the flag before starting the thread; everything
 * else behaves as the original (same constructor, loop, sleep and shutdown).
 *
 * <p>Second start-up race in the same release: {@code Channels.connect} binds the channels
 * (starting their threads) before it fills its {@code handlers} map, so a
 * {@code kernel_info_request} that arrives in that gap makes {@code Channels.getHandler} throw
 * a NullPointerException in the shell thread. The original loop lets that exception end the
 * thread, and the kernel never answers again (seen here in CI: "Kernel didn't respond in 60
 * seconds"). This loop reports that NullPointerException and goes on; Jupyter re-sends
 * {@code kernel_info_request} every second until it gets a reply, so the start then succeeds.
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
            try {
                loopBody.run();
            } catch (NullPointerException e) {
                // See the class comment: the handlers map is not there yet; drop this one message
                // rather than the channel. Other exceptions (a closed socket at shutdown) still
                // end the thread, as in the original.
                System.err.println("usmart-kit kernel patch: " + getName() + " survived " + e);
            }
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

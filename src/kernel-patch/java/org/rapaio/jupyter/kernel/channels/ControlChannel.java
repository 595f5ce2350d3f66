package org.rapaio.jupyter.kernel.channels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ControlInterruptReply;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.1's {@code ControlChannel} (same public API), placed
 * before the kernel jar on the kernel's class path by {@code usmart kernel install}. Not part of the
 * kit's artifact. It handles {@code interrupt_request} without touching the state of the cell it
 * interrupts; every other control message (shutdown) is handled as in the original.
 *
 * <p>The defect (rapaio-jupyter-kernel 3.0.1, unchanged in 3.0.4): the control and shell threads share
 * {@code Channels}' one "current message" and its one stack of after-actions. The original control loop
 * sets the current message to the interrupt request and, when its handler returns, runs every pending
 * after-action, including those the interrupted cell scheduled for its own end: "idle", putting
 * {@code System.out} back, unbinding the cell's output and forgetting the current message. The cell
 * then finishes with no current message, so its error and its {@code execute_reply} go out without the
 * request they answer, and the front end waits for that cell forever (nbconvert until its timeout). The
 * original also sends {@code interrupt_reply} on the shell socket, from this thread, instead of on the
 * control socket.
 *
 * <p>Here the interrupt is answered on the control socket, with the request as parent, and the kernel
 * is then interrupted ({@code RapaioKernel.interrupt()}, as the original handler does); the shell's
 * current message and after-actions are left to the shell thread. (No busy/idle status is published
 * for the interrupt: that would need the current message. Jupyter's clients do not wait for it.)
 */
public final class ControlChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger(ControlChannel.class.getSimpleName());
    private static final long LOOP_SLEEP = 50;
    private static final AtomicInteger ID = new AtomicInteger();

    private volatile LoopThread loopThread;

    public ControlChannel(Channels channels, ZMQ.Context context, HMACDigest hmacGenerator) {
        super(channels, "ControlChannel", context, SocketType.ROUTER, hmacGenerator);
    }

    @Override
    public void bind(ConnectionProperties connProps) {
        if (loopThread != null) {
            throw new IllegalStateException("Channel already bound.");
        }
        socket.bind(connProps.formatAddress(connProps.controlPort()));
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        loopThread = new LoopThread("Control-" + ID.getAndIncrement(), LOOP_SLEEP, () -> {
            if (poller.poll(0) > 0) {
                handle(readMessage());
            }
        });
        loopThread.start();
    }

    private void handle(Message<?> message) {
        MessageType<?> type = message.header().type();
        if (type == MessageType.CONTROL_INTERRUPT_REQUEST) {
            sendMessage(new Message<>(message.getId(), MessageType.CONTROL_INTERRUPT_REPLY, new ControlInterruptReply()));
            MainApp.kernel.interrupt();
            return;
        }
        @SuppressWarnings({"rawtypes", "unchecked"})
        MessageHandler<Object> handler = (MessageHandler) channels.getHandler(type);
        if (handler == null) {
            LOGGER.severe(logPrefix + "Unhandled message: " + type.name());
            return;
        }
        channels.setMsgId(message.getId());
        try {
            @SuppressWarnings("unchecked")
            Message<Object> m = (Message<Object>) message;
            handler.handle(m);
        } catch (Exception e) {
            LOGGER.log(Level.SEVERE, logPrefix + "Exception handling " + type.name(), e);
        } finally {
            channels.runAfterActions();
        }
        if (channels.isMarkedForShutdown()) {
            channels.close();
        }
    }

    @Override
    public void close() {
        if (loopThread != null) {
            loopThread.shutdown();
        }
        super.close();
    }

    @Override
    public void joinUntilClose() {
        LoopThread t = loopThread;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

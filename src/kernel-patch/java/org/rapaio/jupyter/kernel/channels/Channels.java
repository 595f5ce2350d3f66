package org.rapaio.jupyter.kernel.channels;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.message.ContentType;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageId;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ErrorReply;
import org.rapaio.jupyter.kernel.message.messages.IOPubStatus;
import org.rapaio.jupyter.kernel.message.messages.IOPubStream;
import org.rapaio.org.zeromq.ZMQ;

/**
 * Replacement for rapaio-jupyter-kernel 3.0.1's {@code Channels} (same public API and behaviour),
 * placed before the kernel jar on the kernel's class path by {@code usmart kernel install}. Not part of
 * the kit's artifact.
 *
 * <p>The defect (rapaio-jupyter-kernel 3.0.1, unchanged in 3.0.4): {@code connect} binds the sockets,
 * which starts the shell and control threads, and only then creates and fills its map of message
 * handlers, a plain field and a plain {@code HashMap}. A {@code kernel_info_request} that Jupyter sends
 * in that gap meets a null map (a NullPointerException that ended the shell thread: the kernel never
 * answered, "Kernel didn't respond in 60 seconds") or a map being filled ("Unhandled message:
 * kernel_info_request", the request dropped and Jupyter's next one a second later). Here the handlers
 * are complete, in an unmodifiable map published through a final field, before any socket is bound.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class Channels {

    private final ConnectionProperties connProps;
    private final ZMQ.Context ctx;
    private final HeartbeatChannel heartbeat;
    private final ShellChannel shell;
    private final ControlChannel control;
    private final StdinChannel stdin;
    private final IOPubChannel iopub;
    private final List<AbstractChannel> all;
    private final Deque<Runnable> afterActions = new ArrayDeque<>();

    private volatile Map<MessageType<?>, MessageHandler> handlers = Map.of();
    private volatile MessageId<?> msgId;
    private volatile boolean connected;
    private volatile boolean shutdownRequested;

    public Channels(ConnectionProperties connProps) throws NoSuchAlgorithmException, InvalidKeyException {
        this.connProps = connProps;
        this.ctx = ZMQ.context(1);
        HMACDigest hmac = connProps.createHMACDigest();
        heartbeat = new HeartbeatChannel(this, ctx, hmac);
        shell = new ShellChannel(this, ctx, hmac, this);
        control = new ControlChannel(this, ctx, hmac);
        stdin = new StdinChannel(this, ctx, hmac);
        iopub = new IOPubChannel(this, ctx, hmac);
        all = List.of(heartbeat, shell, control, stdin, iopub);
    }

    /** Registers the kernel's handlers, then binds the sockets (which starts the channel threads). */
    public synchronized void connect(RapaioKernel kernel) {
        if (connected) {
            return;
        }
        kernel.registerChannels(this);
        handlers = Map.ofEntries(
                Map.entry(MessageType.SHELL_EXECUTE_REQUEST, (MessageHandler) kernel::handleExecuteRequest),
                Map.entry(MessageType.SHELL_INSPECT_REQUEST, (MessageHandler) kernel::handleInspectRequest),
                Map.entry(MessageType.SHELL_COMPLETE_REQUEST, (MessageHandler) kernel::handleCompleteRequest),
                Map.entry(MessageType.SHELL_HISTORY_REQUEST, (MessageHandler) kernel::handleHistoryRequest),
                Map.entry(MessageType.SHELL_IS_COMPLETE_REQUEST, (MessageHandler) kernel::handleIsCompleteRequest),
                Map.entry(MessageType.SHELL_KERNEL_INFO_REQUEST, (MessageHandler) kernel::handleKernelInfoRequest),
                Map.entry(MessageType.CONTROL_SHUTDOWN_REQUEST, (MessageHandler) kernel::handleShutdownRequest),
                Map.entry(MessageType.CONTROL_INTERRUPT_REQUEST, (MessageHandler) kernel::handleInterruptRequest),
                Map.entry(MessageType.CUSTOM_COMM_OPEN, (MessageHandler) kernel::handleCommOpenCommand),
                Map.entry(MessageType.CUSTOM_COMM_MSG, (MessageHandler) kernel::handleCommMsgCommand),
                Map.entry(MessageType.CUSTOM_COMM_CLOSE, (MessageHandler) kernel::handleCommCloseCommand),
                Map.entry(MessageType.SHELL_COMM_INFO_REQUEST, (MessageHandler) kernel::handleCommInfoRequest));
        all.forEach(c -> c.bind(connProps));
        iopub.sendMessage(new Message<>(MessageType.IOPUB_STATUS, IOPubStatus.STARTING));
        connected = true;
    }

    public <T> MessageHandler<T> getHandler(MessageType<T> type) {
        return handlers.get(type);
    }

    public void close() {
        all.forEach(AbstractChannel::close);
        ctx.close();
    }

    public void joinUntilClose() {
        all.forEach(AbstractChannel::joinUntilClose);
    }

    public boolean hasMsgId() {
        return msgId != null;
    }

    public void setMsgId(MessageId<?> msgId) {
        this.msgId = msgId;
    }

    public void freeMsgId() {
        msgId = null;
    }

    public void markForShutdown() {
        shutdownRequested = true;
    }

    public boolean isMarkedForShutdown() {
        return shutdownRequested;
    }

    public void writeToStdOut(String msg) {
        publish(new IOPubStream(IOPubStream.StreamName.OUT, msg));
    }

    public void writeToStdErr(String msg) {
        publish(new IOPubStream(IOPubStream.StreamName.ERR, msg));
    }

    public String readFromStdIn() {
        return stdin.getInput(msgId, "", false);
    }

    public <T extends ContentType<T>> void publish(T content) {
        iopub.sendMessage(new Message<>(msgId, content.type(), content));
    }

    public <T extends ContentType<T>> void reply(T content) {
        shell.sendMessage(new Message<>(msgId, content.type(), content));
    }

    public void replyError(MessageType<?> type, ErrorReply error) {
        shell.sendMessage(new Message(msgId, type, error));
    }

    /** Runs {@code action} at the end of the message being handled; the last scheduled runs first. */
    public void scheduleAfter(Runnable action) {
        synchronized (afterActions) {
            afterActions.push(action);
        }
    }

    public void runAfterActions() {
        while (true) {
            Runnable next;
            synchronized (afterActions) {
                next = afterActions.poll();
            }
            if (next == null) {
                return;
            }
            next.run();
        }
    }

    public void busyThenIdle() {
        publish(IOPubStatus.BUSY);
        scheduleAfter(() -> publish(IOPubStatus.IDLE));
    }
}

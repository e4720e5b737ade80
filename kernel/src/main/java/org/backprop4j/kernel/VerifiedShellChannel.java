package org.backprop4j.kernel;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.zeromq.ZMQ;

/**
 * The shell or control socket. Unlike jjava's own channel, it reads each multipart message whole, checks its
 * HMAC-SHA256 signature in constant time, and drops (and logs) a message whose signature is missing or wrong or
 * that is malformed, instead of letting the exception end the socket's thread. Messages are handled on this
 * channel's own thread, polled without a sleep between messages.
 */
final class VerifiedShellChannel extends ShellChannel {
    private static final System.Logger LOG = System.getLogger(VerifiedShellChannel.class.getName());
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Gson REPLY_GSON = new GsonBuilder()
            .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
            .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
            .create();
    /** Configured as jjava's JupyterSocket configures its own (which is private). */
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(REPLY_GSON))
            .create();
    private static final java.lang.reflect.Type MAP = new TypeToken<Map<String, Object>>() { }.getType();

    private final JupyterConnection connection;
    private final HMACGenerator signer;
    private final String name;
    private volatile boolean running;
    private volatile Thread thread;
    private long dropped;

    /** @param signer null when the connection file has no key (then messages are not signed) */
    VerifiedShellChannel(ZMQ.Context context, HMACGenerator signer, boolean control, JupyterConnection connection) {
        super(context, signer == null ? HMACGenerator.NO_AUTH_INSTANCE : signer, control, connection);
        this.connection = connection;
        this.signer = signer;
        this.name = control ? "control" : "shell";
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (thread != null) {
            throw new IllegalStateException(name + " channel already bound");
        }
        int port = name.equals("control") ? props.getControlPort() : props.getShellPort();
        String address = props.getTransport() + "://" + props.getIp() + ":" + port;
        if (!bind(address)) {
            throw new IllegalStateException(name + " channel: cannot bind " + address);
        }
        running = true;
        thread = Thread.ofPlatform().name("kernel-" + name).start(this::loop);
    }

    private void loop() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                if (poller.poll(100) <= 0) {
                    continue;
                }
                Message<?> message = readMessage();
                if (message != null) {
                    handle(message);
                }
            }
        } catch (RuntimeException e) {
            if (running) {   // sockets closed under us at shutdown end the loop quietly
                LOG.log(Level.ERROR, name + " channel stopped", e);
            }
        } finally {
            poller.close();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message) {
        MessageType<?> type = message.getHeader().getType();
        ShellHandler handler = connection.getHandler(type);
        if (handler == null) {
            LOG.log(Level.WARNING, "{0}: no handler for {1}", name, type.getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Exception | StackOverflowError e) {
            // A request the kernel cannot serve (content of the wrong shape, code nested too deep to analyse) gets
            // no reply; the channel goes on serving the next one.
            LOG.log(Level.WARNING, name + ": handling " + type.getName() + " failed", e);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            running = false;
            connection.close();
        }
    }

    /**
     * Reads one multipart message, or returns null (after logging why) when its signature is missing or wrong
     * or it is not a Jupyter message.
     */
    @Override
    public synchronized Message<?> readMessage() {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = recv();
            if (frame == null) {
                return null;
            }
            frames.add(frame);
        } while (hasReceiveMore());

        int delimiter = -1;
        for (int i = 0; i < frames.size() && delimiter < 0; i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delimiter = i;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            drop("malformed message (" + frames.size() + " frames, no delimiter and five parts after it)");
            return null;
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (signer != null) {
            byte[] expected = signer.calculateSignature(header, parent, metadata, content)
                    .getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature)) {
                drop((signature.length == 0 ? "unsigned" : "wrongly signed") + " message " + describe(header));
                return null;
            }
        }
        try {
            return parse(frames.subList(0, delimiter), header, parent, metadata, content,
                    frames.subList(delimiter + 6, frames.size()));
        } catch (RuntimeException | StackOverflowError e) {   // JSON nested too deep overflows Gson's parser
            drop("unreadable message " + describe(header) + ": " + e);
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> parse(List<byte[]> identities, byte[] headerRaw, byte[] parentRaw, byte[] metadataRaw,
            byte[] contentRaw, List<byte[]> blobs) {
        Header<?> header = GSON.fromJson(new String(headerRaw, StandardCharsets.UTF_8), Header.class);
        if (header == null || header.getType() == null) {
            throw new IllegalArgumentException("no msg_type in header");
        }
        Header<?> parentHeader = null;
        JsonElement parentJson = JsonParser.parseString(new String(parentRaw, StandardCharsets.UTF_8));
        if (parentJson.isJsonObject() && !parentJson.getAsJsonObject().isEmpty()) {
            parentHeader = GSON.fromJson(parentJson, Header.class);
        }
        Map<String, Object> metadata = GSON.fromJson(new String(metadataRaw, StandardCharsets.UTF_8), MAP);
        Object content = GSON.fromJson(new String(contentRaw, StandardCharsets.UTF_8),
                header.getType().getContentType());
        return new Message(new ArrayList<>(identities), header, parentHeader, metadata, content, new ArrayList<>(blobs));
    }

    private void drop(String why) {
        dropped++;
        LOG.log(Level.WARNING, "{0} channel dropped a message: {1} (dropped so far: {2})", name, why, dropped);
    }

    /** The message type from a raw header, for the log; never trusted for anything else. */
    private static String describe(byte[] header) {
        String h = new String(header, StandardCharsets.UTF_8);
        int at = h.indexOf("\"msg_type\"");
        if (at < 0) {
            return "(no msg_type)";
        }
        int start = h.indexOf('"', h.indexOf(':', at) + 1);
        int end = start < 0 ? -1 : h.indexOf('"', start + 1);
        return start < 0 || end < 0 || end - start > 64 ? "(unreadable msg_type)" : h.substring(start + 1, end);
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = thread;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

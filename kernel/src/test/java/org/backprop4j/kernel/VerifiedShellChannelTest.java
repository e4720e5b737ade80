package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** The shell socket's message check, through real ZeroMQ sockets on the loopback address. */
class VerifiedShellChannelTest {
    private static final String HEADER = "{\"msg_id\":\"1\",\"username\":\"u\",\"session\":\"s\",\"date\":"
            + "\"2025-01-01T00:00:00.000000Z\",\"msg_type\":\"kernel_info_request\",\"version\":\"5.3\"}";

    private ZMQ.Context context;
    private VerifiedShellChannel channel;
    private ZMQ.Socket client;
    private HMACGenerator rightKey;

    @BeforeEach
    void connect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        KernelConnectionProperties props = new KernelConnectionProperties("127.0.0.1", port, port, port, port, port,
                "tcp", "hmac-sha256", "the-key");
        rightKey = props.createHMACGenerator();
        context = ZMQ.context(1);
        channel = new VerifiedShellChannel(context, rightKey, false, new JupyterConnection(props));
        assertThat(channel.bind("tcp://127.0.0.1:" + port)).isTrue();
        channel.setReceiveTimeOut(5000);
        client = context.socket(SocketType.DEALER);
        client.connect("tcp://127.0.0.1:" + port);
    }

    @AfterEach
    void close() {
        client.close();
        channel.close();
        context.close();
    }

    private void send(String signature, String header) {
        byte[][] parts = {"<IDS|MSG>".getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.UTF_8), "{}".getBytes(), "{}".getBytes(), "{}".getBytes()};
        for (int i = 0; i < parts.length; i++) {
            if (i < parts.length - 1) {
                client.sendMore(parts[i]);
            } else {
                client.send(parts[i]);
            }
        }
    }

    private String sign(HMACGenerator key, String header) {
        return key.calculateSignature(header.getBytes(StandardCharsets.UTF_8), "{}".getBytes(), "{}".getBytes(),
                "{}".getBytes());
    }

    @Test
    void aProperlySignedMessageIsRead() {
        send(sign(rightKey, HEADER), HEADER);
        Message<?> m = channel.readMessage();
        assertThat(m).isNotNull();
        assertThat(m.getHeader().getType()).isEqualTo(MessageType.KERNEL_INFO_REQUEST);
        assertThat(m.getIdentities()).hasSize(1);
    }

    @Test
    void wrongMissingAndMalformedMessagesAreDroppedAndTheNextOneIsRead() throws Exception {
        send(sign(new HMACGenerator("hmac-sha256", "other-key"), HEADER), HEADER);
        assertThat(channel.readMessage()).isNull();
        send("", HEADER);
        assertThat(channel.readMessage()).isNull();
        client.send("just one frame");
        assertThat(channel.readMessage()).isNull();
        String garbage = "{\"msg_type\": 7";
        send(sign(rightKey, garbage), garbage);
        assertThat(channel.readMessage()).isNull();
        send(sign(rightKey, HEADER), HEADER);
        assertThat(channel.readMessage()).isNotNull();
    }
}

package org.backprop4j.kernel;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CountDownLatch;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * The kernel's five sockets, bound to exactly the transport and address of the connection file. jjava's heartbeat,
 * stdin and iopub sockets are kept; shell and control are {@link VerifiedShellChannel}s.
 */
final class KernelConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final VerifiedShellChannel shellChannel;
    private final VerifiedShellChannel controlChannel;
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * @throws IllegalArgumentException if the signature scheme is not hmac-sha256 (the only one Jupyter uses)
     */
    KernelConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        boolean signed = props.getKey() != null && !props.getKey().isEmpty();
        if (signed && !"hmac-sha256".equalsIgnoreCase(props.getSignatureScheme())) {
            throw new IllegalArgumentException("connection file: signature_scheme '" + props.getSignatureScheme()
                    + "' is not supported; use hmac-sha256");
        }
        HMACGenerator signer = signed ? props.createHMACGenerator() : null;
        this.shellChannel = new VerifiedShellChannel(context, signer, false, this);
        this.controlChannel = new VerifiedShellChannel(context, signer, true, this);
    }

    @Override
    public void connect() {
        for (ZMQ.Socket s : new ZMQ.Socket[] {heartbeat, shellChannel, controlChannel, stdin, iopub}) {
            s.setLinger(1000);   // at shutdown, give pending replies a second, never hang on a vanished client
        }
        heartbeat.bind(props);
        shellChannel.bind(props);
        controlChannel.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        shellChannel.close();
        controlChannel.close();
        super.close();
        context.close();
        closed.countDown();
    }

    /** Blocks until {@link #close} has run (a shutdown request closes the connection). */
    void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void waitUntilClose() {
        shellChannel.waitUntilClose();
        controlChannel.waitUntilClose();
        super.waitUntilClose();
    }
}

package org.backprop4j.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import com.google.gson.JsonParseException;
import org.backprop4j.display.Display;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel for Jupyter ({@code java -jar backprop4j-kernel.jar CONNECTION_FILE}), or installs and
 * uninstalls its kernel spec ({@code java -jar backprop4j-kernel.jar install --user}; see
 * {@link KernelSpecInstaller}). The kernel logs to its standard error, which Jupyter shows in its own log; set
 * {@code BACKPROP4J_KERNEL_LOG=FINE} for more.
 */
public final class Main {
    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger OWN = Logger.getLogger("org.backprop4j");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("install") || args[0].equals("uninstall"))) {
            System.exit(KernelSpecInstaller.run(args, System.out, System.err));
        }
        if (args.length == 1 && args[0].equals("warm-up")) {
            warmUp();
            return;
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -jar backprop4j-kernel.jar CONNECTION_FILE\n"
                    + "       java -jar backprop4j-kernel.jar install|uninstall [--user | --prefix DIR | "
                    + "--jupyter-path DIR] [--name NAME]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        // JShell starts on the cell thread first of all: its start (javac's first compilation and the default
        // imports, about a second) is the longest step before a first cell can run; logging, the connection file
        // and the sockets are set up on this thread meanwhile, and the first cell waits for JShell there.
        CellEvaluator evaluator = new CellEvaluator(System.getProperty("java.class.path"));
        configureLogging(System.err);
        KernelConnectionProperties props = readConnectionFile(Path.of(args[0]));

        Magics magics = new Magics(evaluator, Path.of("").toAbsolutePath(), System.getenv());
        long outputLimit = CellOutput.DEFAULT_LIMIT_BYTES;
        try {
            outputLimit = CellOutput.limitFrom(System.getenv("BACKPROP4J_KERNEL_OUTPUT_LIMIT_MB"));
        } catch (IllegalArgumentException e) {
            Logger.getLogger(Main.class.getName()).warning(e.getMessage() + "; using "
                    + (outputLimit >> 20) + " MiB");
        }
        CellOutput output = new CellOutput(System.err, outputLimit);
        JavaKernel kernel = new JavaKernel(evaluator, magics, new History(), output);
        KernelConnection connection = new KernelConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        Lifeline.onRuntimeExit(kernel::exiting);
        connection.connect();
        Lifeline.watchParent(System.getenv("JPY_PARENT_PID"), () -> {
            kernel.ending();
            System.exit(0);
        });
        Logger log = Logger.getLogger(Main.class.getName());
        log.info(() -> "backprop4j kernel listening on " + props.getTransport() + "://" + props.getIp() + " (shell "
                + props.getShellPort() + ")");
        log.info(() -> "JShell ready, imports " + kernel.defaultImports());
        connection.awaitClosed();
        kernel.ending();
        // A cell stuck in code that ignores interrupts must not keep the process alive after shutdown.
        System.exit(0);
    }

    /**
     * What a session does first (start JShell, import, compile and run cells, render a tensor, a chart and a
     * heatmap, complete a name), so that a training run with {@code -XX:AOTCacheOutput} records the classes a
     * kernel loads and links; the installer makes the kernel's AOT cache that way.
     */
    static void warmUp() {
        System.setProperty("java.awt.headless", "true");
        try (CellEvaluator evaluator = new CellEvaluator(System.getProperty("java.class.path"))) {
            Magics magics = new Magics(evaluator, Path.of("").toAbsolutePath(), Map.of());
            evaluator.onWorker(() -> {
                Object t = magics.run("var x = Tensor.randn(Rng.seeded(0), 8, 8);\nx.matmul(x.t()).tanh()",
                        "warm-up");
                Display.bundle(t);
                Display.bundle(magics.run("Plots.line(\"loss\", new double[] {3, 2, 1})", "warm-up"));
                Display.bundle(magics.run("Heatmap.of(x)", "warm-up"));
                try {
                    magics.run("int broken = ;", "warm-up");
                } catch (CellException expected) {
                    // compile errors are part of a session too
                }
                return null;
            });
            evaluator.complete("Tensor.ra", 9);
            evaluator.isComplete("for (int i = 0; i < 3; i++) {");
        }
        warmUpSockets();
    }

    /**
     * Binds the kernel's five sockets on loopback and closes them, so that the AOT cache also holds the ZeroMQ,
     * jjava and Gson classes a real start loads (without this, about 450 of them were read from the jar).
     */
    private static void warmUpSockets() {
        try {
            int[] ports = new int[5];
            for (int i = 0; i < ports.length; i++) {
                try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
                        java.net.InetAddress.getLoopbackAddress())) {
                    ports[i] = s.getLocalPort();
                }
            }
            KernelConnectionProperties props = KernelConnectionProperties.parse(String.format(Locale.ROOT,
                    "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_port\": %d, \"control_port\": %d, "
                    + "\"iopub_port\": %d, \"stdin_port\": %d, \"hb_port\": %d, \"key\": \"warm-up\", "
                    + "\"signature_scheme\": \"hmac-sha256\"}", ports[0], ports[1], ports[2], ports[3], ports[4]));
            KernelConnection connection = new KernelConnection(props);
            connection.connect();
            connection.close();
        } catch (Exception | LinkageError e) {
            System.err.println("warm-up: the sockets were not exercised (" + e + "); the cache holds the rest");
        }
    }

    /**
     * Reads and checks a Jupyter connection file.
     *
     * @throws IllegalArgumentException naming the file and the field when it is missing or wrong
     */
    static KernelConnectionProperties readConnectionFile(Path file) throws IOException {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("connection file " + file + " does not exist");
        }
        KernelConnectionProperties p;
        try {
            p = KernelConnectionProperties.parse(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("connection file " + file + " is not valid JSON: " + e.getMessage());
        }
        if (p == null || p.getIp() == null || p.getIp().isBlank()) {
            throw new IllegalArgumentException("connection file " + file + ": no \"ip\" to bind to");
        }
        if (p.getTransport() == null || !Arrays.asList("tcp", "ipc").contains(p.getTransport())) {
            throw new IllegalArgumentException("connection file " + file + ": \"transport\" must be tcp or ipc, got "
                    + p.getTransport());
        }
        for (int port : new int[] {p.getShellPort(), p.getControlPort(), p.getIopubPort(), p.getStdinPort(),
                p.getHbPort()}) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("connection file " + file + ": every *_port must be in 1..65535,"
                        + " got " + port);
            }
        }
        return p;
    }

    /** One line per record on {@code err} (captured now, before cells redirect System.err). */
    static void configureLogging(PrintStream err) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Formatter oneLine = new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                String name = r.getLoggerName() == null ? "" : r.getLoggerName();
                String thrown = r.getThrown() == null ? "" : " " + r.getThrown();
                return String.format(Locale.ROOT, "[backprop4j-kernel %s %s] %s%s%n", r.getLevel(),
                        name.substring(name.lastIndexOf('.') + 1), msg, thrown);
            }
        };
        // Not ConsoleHandler.setOutputStream: it would close the stream it replaces, System.err itself.
        Handler handler = new StreamHandler(err, oneLine) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        Level ours = Level.INFO;
        String configured = System.getenv("BACKPROP4J_KERNEL_LOG");
        if (configured != null && !configured.isBlank()) {
            try {
                ours = Level.parse(configured.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("BACKPROP4J_KERNEL_LOG=" + configured + " is not a log level (try FINE); using INFO");
            }
        }
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(ours.intValue() < Level.WARNING.intValue() && configured != null ? ours : Level.WARNING);
        OWN.setLevel(ours);
    }
}

package org.backprop4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for one test: a master and workers started as JVMs from a Spark
 * installation folder ({@code jars/} holding Spark's jars, as the build's {@code copy-dependencies} makes it), on
 * free ports, with their logs in a work folder. {@link #close()} stops every process it started, executors first.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path sparkHome;
    private final Path work;
    private final List<String> daemonFlags;
    private final int port;
    private final int webUiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} each; {@link #await()}
     * waits until they have registered.
     */
    StandaloneCluster(Path sparkHome, Path work, String daemonFlags, int workers, int cores, String memory)
            throws IOException {
        this.sparkHome = sparkHome;
        this.work = Files.createDirectories(work);
        this.daemonFlags = Arrays.stream(daemonFlags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException("no Spark installation at " + sparkHome + ": its jars/ folder is made by "
                    + "the build's pre-integration-test phase (./mvnw -pl spark verify)");
        }
        this.port = freePort();
        this.webUiPort = freePort();
        this.master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(webUiPort)));
        try {
            for (int w = 0; w < workers; w++) {
                this.workers.add(start("worker-" + w, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--webui-port", Integer.toString(freePort()), "--cores",
                        Integer.toString(cores), "--memory", memory, "--work-dir",
                        Files.createDirectories(work.resolve("worker-" + w)).toString(), url())));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits until every worker has registered with the master: seconds on a quiet machine, minutes on a loaded one.
     *
     * @return this cluster
     * @throws IllegalStateException if they do not register within five minutes (the message names the logs)
     */
    StandaloneCluster await() throws InterruptedException {
        try {
            awaitWorkers(workers.size(), Duration.ofMinutes(5));
            return this;
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    String url() {
        return "spark://127.0.0.1:" + port;
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(daemonFlags);
        // the master and workers only coordinate: the client compiler and the serial collector start them with less
        // CPU, which the executors and the driver need more on a 2-core machine
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dspark.master.rest.enabled=false", "-cp",
                sparkHome.resolve("jars") + "/*"));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    private void awaitWorkers(int expected, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the Spark master exited with " + master.exitValue() + "; see "
                        + work.resolve("master.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort
                        + "/json/")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = alive.matcher(r.body());
                if (m.find()) {
                    last = m.group(1) + " alive workers";
                    if (Integer.parseInt(m.group(1)) >= expected) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the Spark workers did not register with the master within " + timeout + " ("
                + last + "); see the logs in " + work);
    }

    /** The executor JVM of {@code executorId}, a child of one of the workers. */
    Optional<ProcessHandle> executor(String executorId) {
        return workers.stream().flatMap(Process::descendants)
                .filter(p -> p.info().commandLine().orElse("").contains("--executor-id " + executorId + " "))
                .findFirst();
    }

    /** Stops the executors, the workers, then the master; waits for each. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process w : workers) {
            all.addAll(w.descendants().toList());
        }
        workers.forEach(w -> all.add(w.toHandle()));
        all.add(master.toHandle());
        for (ProcessHandle p : all) {
            p.destroy();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.backprop4j.data.ArrowDatasetWriter;
import org.backprop4j.data.Datasets;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1 (a master and two workers of one core, started from the build's Spark
 * installation; the application's jars shipped with {@code spark.jars}, as spark-submit would): synchronous SGD of
 * an MLP on Fashion-MNIST shards (a generated dataset when the Arrow files are not built) lowers the loss and ends
 * with the weights of the same training in {@code local[2]}, although one executor is killed in the middle of a
 * step.
 */
class StandaloneClusterIT {
    static final int STEPS = 8;
    static final int KILLED_STEP = 3;
    static final int BATCH = 64;

    @TempDir
    Path dir;

    /** The training data: its file, the MLP's input and output sizes, and how pixel values are scaled. */
    record Data(Path file, String column, int inputs, int classes, double scale, String description) {
    }

    Data data() {
        Path fashion = Datasets.root().resolve("fashion-mnist/train.arrow");
        if (Files.isRegularFile(fashion)) {
            return new Data(fashion, "image", 784, 10, 1 / 255.0, "Fashion-MNIST train.arrow, first 4096 images");
        }
        if ("1".equals(System.getenv("BACKPROP4J_REQUIRE_DATASETS"))) {
            throw new IllegalStateException("BACKPROP4J_REQUIRE_DATASETS=1 but " + fashion + " is missing; build it "
                    + "with datasets/fashion-mnist/build.sh");
        }
        Path file = dir.resolve("spirals.arrow");
        ArrowDatasetWriter.write(Datasets.twoSpirals(4096, 0.05, 1), file, 1024);
        return new Data(file, "features", 2, 2, 1, "generated two spirals (Fashion-MNIST is not built: "
                + "datasets/fashion-mnist/build.sh)");
    }

    /** Cross-entropy on scaled inputs; while {@code marker} exists the task waits, so it can be killed mid-step. */
    static LossFunction loss(double scale, String marker) {
        return (model, batch) -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (Files.exists(Path.of(marker)) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return new CrossEntropyLoss().forward(model.call(batch.features().mul(scale)), batch.labels());
        };
    }

    record Run(double[] losses, Map<String, Tensor> weights) {
    }

    static Run train(JavaSparkContext sc, Data data, String marker, Runnable beforeKilledStep) {
        try (ShardedDataset shards = ShardedDataset.fromArrow(sc, data.file()).features(data.column()).limit(4096)
                .partitions(2).build()) {
            int in = data.inputs();
            int classes = data.classes();
            Module start = Models.seeded(new Models.Mlp(in, 32, classes), 17);
            SyncSgd sgd = SyncSgd.builder(shards, () -> new Models.Mlp(in, 32, classes), loss(data.scale(), marker),
                    params -> new SGD(params, SGD.Options.of(0.1).withMomentum(0.9)))
                    .model(start).batchSizePerPartition(BATCH).seed(3).build();
            double[] losses = new double[STEPS];
            for (int s = 0; s < STEPS; s++) {
                if (s == KILLED_STEP) {
                    beforeKilledStep.run();
                }
                long t = System.nanoTime();
                losses[s] = sgd.step();
                System.out.printf("  step %d: loss %.6f, %.0f ms%n", s, losses[s], (System.nanoTime() - t) / 1e6);
            }
            return new Run(losses, sgd.model().stateDict());
        }
    }

    static SparkConf conf(String master) {
        return SparkSetup.configure(new SparkConf().setMaster(master).setAppName("backprop4j-spark cluster test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @Test
    void syncSgdOnAClusterMatchesLocalModeAfterAnExecutorIsKilled() throws Exception {
        Data data = data();
        System.out.println("StandaloneClusterIT: data " + data.description());
        String marker = dir.resolve("hold-step").toString();

        Path home = Path.of(System.getProperty("backprop4j.spark.home"));
        Path work = Path.of(System.getProperty("backprop4j.spark.work"));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> killed = Collections.synchronizedList(new ArrayList<>());
        List<Integer> retriedPartitions = Collections.synchronizedList(new ArrayList<>());
        Run local;
        Run cluster;
        long t0 = System.nanoTime();
        long t1;
        long t2;
        // the master and workers start while local[2] trains
        try (StandaloneCluster spark = new StandaloneCluster(home, work, System.getProperty(
                "backprop4j.spark.daemonFlags"), 2, 1, "1g")) {
            try (JavaSparkContext sc = new JavaSparkContext(conf("local[2]"))) {
                System.out.println("local[2]:");
                local = train(sc, data, marker, () -> { });
            }
            t1 = System.nanoTime();
            spark.await();
            t2 = System.nanoTime();
            SparkConf conf = conf(spark.url()).set("spark.jars", System.getProperty("backprop4j.spark.jars"))
                    .set("spark.executor.memory", "512m").set("spark.executor.cores", "1").set("spark.cores.max", "2");
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                sc.sc().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskStart(SparkListenerTaskStart start) {
                        // the first task of the held step: kill its executor while the task waits on the marker
                        if (Files.exists(Path.of(marker)) && killed.isEmpty()) {
                            String id = start.taskInfo().executorId();
                            spark.executor(id).ifPresent(p -> {
                                killed.add(id);
                                p.destroyForcibly();
                            });
                            try {
                                Files.deleteIfExists(Path.of(marker));
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }

                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd end) {
                        if (end.reason() instanceof ExecutorLostFailure lost) {
                            failures.add("stage " + end.stageId() + " partition " + end.taskInfo().partitionId()
                                    + " on executor " + lost.execId());
                        } else if (end.taskInfo().successful() && end.taskInfo().attemptNumber() > 0) {
                            retriedPartitions.add(end.taskInfo().partitionId());
                        }
                    }
                });
                System.out.println(spark.url() + ":");
                cluster = train(sc, data, marker, () -> {
                    try {
                        Files.createFile(Path.of(marker));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
        long t3 = System.nanoTime();
        System.out.printf("StandaloneClusterIT: local[2] %.1f s (the cluster starting meanwhile); then waited %.1f s "
                + "for the workers; cluster training with the kill %.1f s; killed executor %s; lost tasks %s; "
                + "partitions retried %s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, killed, failures,
                retriedPartitions);

        assertThat(killed).as("an executor was killed during step %d", KILLED_STEP).hasSize(1);
        assertThat(failures).as("Spark saw the task of the killed executor fail").isNotEmpty()
                .allMatch(f -> f.endsWith("executor " + killed.getFirst()));
        assertThat(retriedPartitions).as("the lost partition ran again, elsewhere, and succeeded").isNotEmpty();
        assertThat(cluster.losses()).as("the same losses as local[2], step by step")
                .containsExactly(local.losses());
        double diff = 0;
        for (Map.Entry<String, Tensor> e : local.weights().entrySet()) {
            float[] a = e.getValue().toFloatArray();
            float[] b = cluster.weights().get(e.getKey()).toFloatArray();
            diff = Math.max(diff, maxDiff(a, b));
        }
        System.out.printf("StandaloneClusterIT: max weight difference cluster vs local[2]: %.3g; losses %s%n", diff,
                Arrays.toString(cluster.losses()));
        assertThat(diff).as("the same weights as local[2]: the retried partition counted once").isZero();
        double first = (local.losses()[0] + local.losses()[1]) / 2;
        double last = (local.losses()[STEPS - 2] + local.losses()[STEPS - 1]) / 2;
        assertThat(last).as("loss goes down: %s", Arrays.toString(local.losses())).isLessThan(first);
    }

    static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}

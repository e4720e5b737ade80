package org.backprop4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.backprop4j.backend.Threads;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.TensorDataset;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.optim.SGD;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * What a synchronous step on Spark costs beyond the model's compute, in {@code local[P]} mode: for MLPs of several
 * sizes, the median time of one step on one machine (all cores, the global batch), of one {@link SyncSgd} step, of
 * an empty Spark job over the same cached shards, of the gradient job alone summed in partition order (what
 * {@code SyncSgd} does), by Spark's {@code treeReduce} and in barrier mode, and of a parameter-averaging round per
 * local step; then how long 8,192 rows of 784 floats take to become shards from an Arrow file and from a
 * DataFrame. Run by {@code spark/run-benchmark.sh}; not a unit test.
 */
public final class StepOverheadBenchmark {
    private StepOverheadBenchmark() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int batch = 64;
        int inputs = 784;
        SparkConf conf = SparkSetup.configure(new SparkConf().setMaster("local[" + partitions + "]")
                .setAppName("step overhead").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("local[%d], %d cores, batch %d per partition (global %d), median of %d steps after %d "
                + "warm-up steps, milliseconds%n", partitions, cores, batch, batch * partitions, repeats, 5);
        System.out.printf("%-7s %8s | %11s %11s %9s | %9s %9s %9s | %9s %9s%n", "width", "params", "1 machine",
                "sync", "overhead", "ordered", "treeRed.", "barrier", "empty job", "avg K=8");
        System.out.printf("%-7s %8s | %11s %11s %9s |   (wall: median; CPU: mean over the process's threads)%n",
                "", "", "wall/CPU", "wall/CPU", "wall");
        TensorDataset data = Dataset.of(Tensor.rand(Rng.seeded(1), 8192, inputs), Tensor.randint(Rng.seeded(2), 0,
                10, 8192));
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            // from an Arrow file, as users build shards: a task then carries a small partition (the file's row
            // range), where shards given to parallelize would travel with every task of every step
            java.nio.file.Path file = java.nio.file.Files.createTempFile("benchmark", ".arrow");
            org.backprop4j.data.ArrowDatasetWriter.write(data, file, 1024);
            ShardedDataset shards = ShardedDataset.fromArrow(sc, file).partitions(partitions).build();
            file.toFile().deleteOnExit();
            for (int width : new int[] {16, 128, 1024, 4096}) {
                row(sc, shards, data, inputs, width, batch, partitions, repeats);
            }
            shardsFromSources(sc, data, partitions);
        }
    }

    private static void row(JavaSparkContext sc, ShardedDataset shards, TensorDataset data, int inputs, int width,
            int batch, int partitions, int repeats) {
        ModelFactory factory = () -> new Models.Mlp(inputs, width, 10);
        OptimizerFactory sgd = params -> new SGD(params, 0.01);
        LossFunction loss = LossFunction.crossEntropy();

        Module alone = factory.create();
        PerParameterOptimizer<?, ?> optimizer = sgd.create(alone.parameters());
        SyncSgd sync = SyncSgd.builder(shards, factory, loss, sgd).batchSizePerPartition(batch).build();
        int threads = Threads.get();
        double[] single = medians(repeats, () -> {
            Threads.set(partitions); // the machine's cores for one process, as the tasks share them
            double[] spent = timeAndCpu(() -> SingleProcess.step(alone, optimizer, data, sync.batchRows(0), loss));
            Threads.set(threads);
            return spent;
        });
        double[] syncMs = medians(repeats, () -> timeAndCpu(sync::step));
        double empty = median(repeats, () -> time(() -> shards.rdd().foreachPartition(it -> { })));
        Tasks.Setup setup = new Tasks.Setup("bench-" + width, factory, loss, StateLayout.of(alone).signature(), 0,
                batch);
        double ordered = median(repeats, () -> time(() -> {
            Broadcast<Packed> w = sc.broadcast(StateLayout.of(alone).weights(alone));
            TreeSum.sum(shards.rdd().mapPartitionsWithIndex(new Tasks.Gradient(setup, w, 0), true), 2);
            w.unpersist(false);
        }));
        double treeReduce = median(repeats, () -> time(() -> {
            Broadcast<Packed> w = sc.broadcast(StateLayout.of(alone).weights(alone));
            JavaRDD<PartitionResult> r = shards.rdd().mapPartitionsWithIndex(new Tasks.Gradient(setup, w, 0), true);
            r.treeReduce((a, b) -> a.plus(b, 0), 2);
            w.unpersist(false);
        }));
        double barrier = median(repeats, () -> time(() -> {
            Broadcast<Packed> w = sc.broadcast(StateLayout.of(alone).weights(alone));
            Tasks.Gradient g = new Tasks.Gradient(setup, w, 0);
            BarrierFunction f = (i, it) -> scala.jdk.javaapi.CollectionConverters.asScala(g.call((Integer) i,
                    scala.jdk.javaapi.CollectionConverters.asJava(it)));
            List<PartitionResult> r = shards.rdd().rdd().barrier().mapPartitionsWithIndex(f, true,
                    scala.reflect.ClassTag$.MODULE$.apply(PartitionResult.class)).toJavaRDD().collect();
            r.stream().reduce((a, b) -> a.plus(b, 0));
            w.unpersist(false);
        }));
        ParameterAveraging avg = ParameterAveraging.builder(shards, factory, loss, sgd).averageEvery(8)
                .batchSizePerPartition(batch).build();
        double perLocalStep = median(Math.max(3, repeats / 4), () -> time(avg::step)) / 8;
        System.out.printf("%-7d %8d | %5.1f/%5.1f %5.1f/%5.1f %9.1f | %9.1f %9.1f %9.1f | %9.1f %9.1f%n", width,
                alone.numParameters(), single[0], single[1], syncMs[0], syncMs[1], syncMs[0] - single[0], ordered,
                treeReduce, barrier, empty, perLocalStep);
    }

    /** Times building the same shards from an Arrow file and from a DataFrame of an array column. */
    private static void shardsFromSources(JavaSparkContext sc, TensorDataset data, int partitions) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("shards", ".arrow");
            org.backprop4j.data.ArrowDatasetWriter.write(data, file, 1024);
            List<org.apache.spark.sql.Row> rows = new ArrayList<>();
            float[] all = data.features().toFloatArray();
            long[] labels = data.labels().toLongArray();
            int width = data.features().size(1);
            for (int i = 0; i < data.size(); i++) {
                rows.add(org.apache.spark.sql.RowFactory.create(Arrays.copyOfRange(all, i * width, (i + 1) * width),
                        labels[i]));
            }
            org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                    .add("x", org.apache.spark.sql.types.DataTypes.createArrayType(
                            org.apache.spark.sql.types.DataTypes.FloatType), false)
                    .add("y", org.apache.spark.sql.types.DataTypes.LongType, false);
            org.apache.spark.sql.SparkSession session = org.apache.spark.sql.SparkSession.builder()
                    .sparkContext(sc.sc()).getOrCreate();
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = session.createDataFrame(
                    sc.parallelize(rows, partitions), schema).cache();
            frame.count();
            for (int i = 0; i < 3; i++) {
                double arrow = time(() -> ShardedDataset.fromArrow(sc, file).partitions(partitions).build().close());
                double rowsMs = time(() -> ShardedDataset.fromDataFrame(frame).features("x").label("y").build()
                        .close());
                System.out.printf("shards of %d x %d floats: from an Arrow file %.0f ms, from a cached DataFrame "
                        + "(Row API) %.0f ms%n", data.size(), width, arrow, rowsMs);
            }
            java.nio.file.Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e6;
    }

    /** A partition function for {@code RDDBarrier}, which takes Scala functions; serializable, as Spark ships it. */
    private interface BarrierFunction extends scala.Function2<Object, scala.collection.Iterator<Shard>,
            scala.collection.Iterator<PartitionResult>>, java.io.Serializable {
    }

    /** Wall and process CPU milliseconds (all threads: tasks, Spark's own, the collector). */
    private static double[] timeAndCpu(Runnable r) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long c = os.getProcessCpuTime();
        long t = System.nanoTime();
        r.run();
        return new double[] {(System.nanoTime() - t) / 1e6, (os.getProcessCpuTime() - c) / 1e6};
    }

    /**
     * The median wall time and the mean CPU time of {@code repeats} samples, after 5 warm-up samples (the mean,
     * because the process CPU clock ticks in 10 ms).
     */
    private static double[] medians(int repeats, java.util.function.Supplier<double[]> sample) {
        for (int i = 0; i < 5; i++) {
            sample.get();
        }
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            samples.add(sample.get());
        }
        double[] walls = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
        return new double[] {walls[walls.length / 2], samples.stream().mapToDouble(s -> s[1]).average().orElse(0)};
    }

    private static double median(int repeats, DoubleSupplier sample) {
        for (int i = 0; i < 5; i++) {
            sample.getAsDouble();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            times.add(sample.getAsDouble());
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}

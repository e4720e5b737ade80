package org.backprop4j.spark;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.TrainingState;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.PerParameterOptimizer;

/**
 * Data-parallel training of one model on a {@link ShardedDataset}: the model and its optimizer live on the driver,
 * replicas built by a {@link ModelFactory} compute on the executors. Two algorithms:
 * {@link SyncSgd} (every step's gradients from all partitions, one optimizer step on the driver) and
 * {@link ParameterAveraging} (local steps on each partition, then the weights averaged).
 *
 * <p>Every step's batches are a pure function of the seed and the step count, so a run is reproducible, and a
 * checkpoint ({@link #saveCheckpoint}, the toolkit's {@link Checkpoint}) resumes it where it stopped, on Spark or on
 * one machine with {@code Checkpoint.load(dir).restore(model, optimizer, null)}.
 */
public abstract sealed class DistributedTrainer permits SyncSgd, ParameterAveraging {
    final ShardedDataset data;
    final Module model;
    final PerParameterOptimizer<?, ?> optimizer;
    final StateLayout layout;
    final Tasks.Setup setup;
    final int treeDepth;
    final JavaSparkContext sc;
    long steps;

    DistributedTrainer(Builder<?, ?> b) {
        SparkSetup.requireSupportedJava();
        this.data = b.data;
        this.model = b.model != null ? b.model : b.factory.create();
        this.layout = StateLayout.of(model);
        StateLayout.requireSame(layout.signature(), StateLayout.of(b.factory.create()).signature(), "on the driver");
        this.optimizer = Objects.requireNonNull(b.optimizerFactory.create(model.parameters()),
                "the optimizer factory returned null");
        this.setup = new Tasks.Setup(UUID.randomUUID().toString(), b.factory, b.loss, layout.signature(), b.seed,
                b.batchSize);
        this.treeDepth = b.treeDepth;
        this.sc = JavaSparkContext.fromSparkContext(data.rdd().context());
        if (data.smallestPartition() < b.batchSize) {
            throw new IllegalArgumentException("backprop4j-spark: the smallest partition of " + data + " holds "
                    + data.smallestPartition() + " examples, fewer than the batch size per partition "
                    + b.batchSize + "; use fewer partitions or a smaller batch");
        }
    }

    /** The driver's model: the one that is trained, evaluated and saved. */
    public final Module model() {
        return model;
    }

    /** The driver's optimizer (set its learning rate, or drive it with a schedule, between steps). */
    public final PerParameterOptimizer<?, ?> optimizer() {
        return optimizer;
    }

    /** How many optimizer steps each partition's data has seen (a parameter-averaging round counts its local steps). */
    public final long steps() {
        return steps;
    }

    /** The examples per partition in one step; the global batch is this times the number of partitions. */
    public final int batchSizePerPartition() {
        return setup.batchSize();
    }

    /**
     * Trains once: one synchronous step, or one averaging round of local steps.
     *
     * @return the mean loss over the batches of this step or round, before its update
     * @throws CancellationException if the thread is interrupted before the step ends; the model and optimizer
     *         are then as after the last whole step
     */
    public abstract double step();

    /**
     * The positions in the whole dataset ({@link ShardedDataset#rowOf}) of the examples step {@code step} uses,
     * partition by partition: the global batch, e.g. to check a step on one machine.
     */
    public final long[] batchRows(long step) {
        int b = setup.batchSize();
        long[] rows = new long[data.numPartitions() * b];
        for (int p = 0; p < data.numPartitions(); p++) {
            int[] local = ShardSampler.rows(setup.seed(), step, p, data.partitionSize(p), b);
            for (int i = 0; i < b; i++) {
                rows[p * b + i] = data.rowOf(p, local[i]);
            }
        }
        return rows;
    }

    /**
     * Writes the model, the optimizer and the step count as a toolkit {@link Checkpoint} into the new directory
     * {@code dir} (atomic, with a SHA-256 manifest). Its {@code trainer.json} also names the algorithm, the seed, the
     * batch size per partition and the partition count, the settings that fix the batches of the steps to come.
     *
     * @throws org.backprop4j.io.CheckpointException if {@code dir} exists already or cannot be written
     */
    public final void saveCheckpoint(Path dir) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("algorithm", getClass().getSimpleName());
        values.put("seed", setup.seed());
        values.put("batch_size_per_partition", (long) setup.batchSize());
        values.put("partitions", (long) data.numPartitions());
        Checkpoint.save(dir, model, optimizer, null, new TrainingState(0, 0, steps, Map.of(), values));
    }

    /**
     * Restores the model, the optimizer and the step count from the checkpoint in {@code dir}; training goes on from
     * there. Everything is checked before anything changes.
     *
     * @throws org.backprop4j.io.CheckpointException if it is missing, corrupt, or does not fit the model or the
     *     optimizer (the message names the file and the tensor or field)
     */
    public final void loadCheckpoint(Path dir) {
        Checkpoint checkpoint = Checkpoint.load(dir);
        checkpoint.restore(model, optimizer, null);
        steps = checkpoint.training().step();
    }

    /**
     * Runs {@code task} on every partition and sums the results in partition order. An interrupt of the calling
     * thread cancels the step's Spark jobs.
     *
     * @throws CancellationException if the thread is interrupted before or during the jobs; nothing has changed
     */
    final PartitionResult runOnPartitions(Function2<Integer, Iterator<Shard>, Iterator<PartitionResult>> task) {
        String group = setup.run() + "/" + steps;
        if (Thread.interrupted()) {
            throw interrupted();
        }
        sc.setJobGroup(group, getClass().getSimpleName() + " step " + steps, true);
        try {
            JavaRDD<PartitionResult> results = data.rdd().mapPartitionsWithIndex(task, true);
            return TreeSum.sum(results, treeDepth);
        } catch (Exception e) {   // Spark also throws InterruptedException, undeclared
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()
                    || e.getCause() instanceof InterruptedException) {
                sc.cancelJobGroup(group);
                throw interrupted();
            }
            throw e;
        } finally {
            sc.clearJobGroup();
        }
    }

    final Broadcast<Packed> broadcastWeights() {
        return broadcast(layout.weights(model));
    }

    /**
     * Broadcasts {@code value}. Spark may wait inside (its block manager) and then throws a Java
     * {@code InterruptedException} that no signature declares: an interrupt becomes the trainer's
     * {@link CancellationException} here as in {@link #runOnPartitions}.
     */
    final <T> Broadcast<T> broadcast(T value) {
        if (Thread.interrupted()) {
            throw interrupted();
        }
        try {
            return sc.broadcast(value);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                throw interrupted();
            }
            throw e;
        }
    }

    private CancellationException interrupted() {
        Thread.currentThread().interrupt();
        return new CancellationException(getClass().getSimpleName() + ": interrupted at step " + steps + "; the "
                + "model and optimizer are as after the last whole step");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + data + ", batch " + setup.batchSize() + " per partition, step "
                + steps + ", " + optimizer.name() + ")";
    }

    /**
     * The settings both algorithms share.
     *
     * @param <B> the builder's own type
     * @param <T> the trainer it builds
     */
    public abstract static sealed class Builder<B extends Builder<B, T>, T extends DistributedTrainer>
            permits SyncSgd.Builder, ParameterAveraging.Builder {
        final ShardedDataset data;
        final ModelFactory factory;
        final LossFunction loss;
        final OptimizerFactory optimizerFactory;
        Module model;
        int batchSize = 32;
        long seed;
        int treeDepth = 2;

        Builder(ShardedDataset data, ModelFactory factory, LossFunction loss, OptimizerFactory optimizer) {
            this.data = Objects.requireNonNull(data, "data");
            this.factory = Objects.requireNonNull(factory, "model factory");
            this.loss = Objects.requireNonNull(loss, "loss function");
            this.optimizerFactory = Objects.requireNonNull(optimizer, "optimizer factory");
        }

        abstract B self();

        /** The driver's model to train (default: one from the factory); it keeps its weights. */
        public B model(Module driverModel) {
            this.model = Objects.requireNonNull(driverModel, "model");
            return self();
        }

        /**
         * The examples each partition uses per step (default 32).
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public B batchSizePerPartition(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("backprop4j-spark: batchSizePerPartition must be >= 1, got " + n);
            }
            this.batchSize = n;
            return self();
        }

        /** The seed of the shuffles of every shard (default 0). */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * The levels over which partition results are summed, as Spark's {@code treeAggregate} depth (default 2):
         * 1 sends every partition's result to the driver.
         *
         * @throws IllegalArgumentException if {@code depth < 1}
         */
        public B treeDepth(int depth) {
            TreeSum.fanIn(1, depth);
            this.treeDepth = depth;
            return self();
        }

        /**
         * The trainer.
         *
         * @throws IllegalStateException if the factory builds a model unlike the driver's
         * @throws IllegalArgumentException if a partition holds fewer examples than the batch size
         */
        public abstract T build();
    }
}

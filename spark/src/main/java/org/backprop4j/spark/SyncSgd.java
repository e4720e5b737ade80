package org.backprop4j.spark;

import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel SGD: each step broadcasts the driver's weights, every partition computes the gradient
 * of the mean loss on its batch of {@code b} examples, the gradients are averaged (summed in partition order, see
 * the README on why not Spark's own {@code treeAggregate} order) and the driver's optimizer steps once. The result
 * is one step on the global batch of {@code P * b} examples: the average of {@code P} mean gradients over equal
 * batches is the mean gradient over their union, up to float rounding. Buffers (BatchNorm's running statistics)
 * are averaged over the replicas.
 *
 * <pre>{@code
 * SyncSgd sgd = SyncSgd.builder(train, Mlp::new, LossFunction.crossEntropy(), params -> new SGD(params, 0.1))
 *         .batchSizePerPartition(64).seed(7).build();
 * for (int i = 0; i < 100; i++) {
 *     double loss = sgd.step();
 * }
 * sgd.saveCheckpoint(Path.of("checkpoints/step-100"));   // a toolkit Checkpoint directory
 * }</pre>
 */
public final class SyncSgd extends DistributedTrainer {

    private SyncSgd(Builder b) {
        super(b);
    }

    /** A builder for training the factory's model with the optimizer the factory makes over its parameters. */
    public static Builder builder(ShardedDataset data, ModelFactory model, LossFunction loss,
            OptimizerFactory optimizer) {
        return new Builder(data, model, loss, optimizer);
    }

    @Override
    public double step() {
        Broadcast<Packed> weights = broadcastWeights();
        try {
            PartitionResult sum = runOnPartitions(new Tasks.Gradient(setup, weights, steps));
            int partitions = data.numPartitions();
            layout.loadGradients(model, sum.state().divideInPlace(partitions), sum.hasGradient());
            optimizer.step();
            steps++;
            return sum.lossSum() / sum.batches();
        } finally {
            weights.unpersist(false);
        }
    }

    /** Settings of a {@link SyncSgd}. */
    public static final class Builder extends DistributedTrainer.Builder<Builder, SyncSgd> {
        Builder(ShardedDataset data, ModelFactory factory, LossFunction loss, OptimizerFactory optimizer) {
            super(data, factory, loss, optimizer);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public SyncSgd build() {
            return new SyncSgd(this);
        }
    }
}

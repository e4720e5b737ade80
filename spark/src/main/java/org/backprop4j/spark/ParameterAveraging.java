package org.backprop4j.spark;

import org.apache.spark.broadcast.Broadcast;

/**
 * Parameter averaging, as DL4J trains on Spark: each round broadcasts the driver's weights and optimizer state,
 * every partition takes {@code K} optimizer steps on its own batches, and the driver sets its model to the average
 * of the replicas' weights and buffers and its optimizer to the average of their states (moments, momentum
 * buffers). One Spark job per {@code K} steps instead of one per step: cheaper when a step's compute is small next
 * to a job's overhead, at the price of replicas that drift apart between averages.
 *
 * <pre>{@code
 * ParameterAveraging avg = ParameterAveraging.builder(train, Mlp::new, LossFunction.crossEntropy(),
 *         params -> new SGD(params, 0.1)).averageEvery(8).batchSizePerPartition(64).build();
 * double loss = avg.step();    // 8 local steps on every partition, then one average
 * }</pre>
 */
public final class ParameterAveraging extends DistributedTrainer {
    private final OptimizerFactory optimizerFactory;
    private final int localSteps;

    private ParameterAveraging(Builder b) {
        super(b);
        this.optimizerFactory = b.optimizerFactory;
        this.localSteps = b.localSteps;
    }

    /** A builder for training the factory's model with the optimizer the factory makes on every replica. */
    public static Builder builder(ShardedDataset data, ModelFactory model, LossFunction loss,
            OptimizerFactory optimizer) {
        return new Builder(data, model, loss, optimizer);
    }

    /** The local steps between two averages, {@code K}. */
    public int averageEvery() {
        return localSteps;
    }

    /** One round: {@code K} local steps on every partition, then the average. */
    @Override
    public double step() {
        Broadcast<Packed> weights = broadcastWeights();
        Broadcast<OptimizerTransfer.Transfer> state;
        try {
            state = broadcast(OptimizerTransfer.pack(optimizer.stateDict()));
        } catch (RuntimeException e) {
            weights.unpersist(false);
            throw e;
        }
        try {
            PartitionResult sum = runOnPartitions(new Tasks.LocalSteps(setup, optimizerFactory, weights, state,
                    steps, localSteps));
            int partitions = data.numPartitions();
            layout.loadWeights(model, sum.state().divideInPlace(partitions));
            sum.optimizer().tensors().divideInPlace(partitions);
            optimizer.loadStateDict(OptimizerTransfer.unpack(sum.optimizer()));
            steps += localSteps;
            return sum.lossSum() / sum.batches();
        } finally {
            weights.unpersist(false);
            state.unpersist(false);
        }
    }

    /** Settings of a {@link ParameterAveraging}. */
    public static final class Builder extends DistributedTrainer.Builder<Builder, ParameterAveraging> {
        private int localSteps = 1;

        Builder(ShardedDataset data, ModelFactory factory, LossFunction loss, OptimizerFactory optimizer) {
            super(data, factory, loss, optimizer);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Averages after every {@code k} local steps (default 1).
         *
         * @throws IllegalArgumentException if {@code k < 1}
         */
        public Builder averageEvery(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("ParameterAveraging: averageEvery must be >= 1, got " + k);
            }
            this.localSteps = k;
            return this;
        }

        @Override
        public ParameterAveraging build() {
            return new ParameterAveraging(this);
        }
    }
}

package org.backprop4j.spark;

import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.backprop4j.data.Batch;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.tensor.Tensor;

/**
 * The work of one partition in one Spark task. Each result depends only on the broadcast values, the step and the
 * partition's shard, so a task that Spark runs again returns the same result, and Spark keeps one result per
 * partition: a retried partition is counted once.
 */
final class Tasks {
    private Tasks() {
    }

    /** What every task needs to find its replica and its batches. */
    record Setup(String run, ModelFactory factory, LossFunction loss, String signature, long seed, int batchSize)
            implements java.io.Serializable {
    }

    /** Synchronous SGD: the gradient of the mean loss on this step's batch of the shard, at the broadcast weights. */
    record Gradient(Setup setup, Broadcast<Packed> weights, long step)
            implements Function2<Integer, Iterator<Shard>, Iterator<PartitionResult>> {

        @Override
        public Iterator<PartitionResult> call(Integer partition, Iterator<Shard> shards) {
            Shard shard = only(shards, partition);
            Replicas.Replica r = Replicas.take(setup.run(), setup.factory(), setup.signature());
            try {
                r.layout().loadWeights(r.model(), weights.value());
                r.model().train();
                r.model().zeroGrad();
                double loss = backward(setup, r.model(), shard, partition, step);
                return List.of(new PartitionResult(partition, r.layout().gradients(r.model()),
                        r.layout().hasGradient(r.model()), loss, 1, null)).iterator();
            } finally {
                Replicas.give(setup.run(), r);
            }
        }
    }

    /**
     * Parameter averaging: {@code localSteps} optimizer steps on the shard from the broadcast weights and optimizer
     * state, returning the weights, buffers and optimizer state reached.
     */
    record LocalSteps(Setup setup, OptimizerFactory optimizerFactory, Broadcast<Packed> weights,
            Broadcast<OptimizerTransfer.Transfer> optimizerState, long firstStep, int localSteps)
            implements Function2<Integer, Iterator<Shard>, Iterator<PartitionResult>> {

        @Override
        public Iterator<PartitionResult> call(Integer partition, Iterator<Shard> shards) {
            Shard shard = only(shards, partition);
            Replicas.Replica r = Replicas.take(setup.run(), setup.factory(), setup.signature());
            try {
                Module model = r.model();
                r.layout().loadWeights(model, weights.value());
                model.train();
                PerParameterOptimizer<?, ?> optimizer = optimizerFactory.create(model.parameters());
                optimizer.loadStateDict(OptimizerTransfer.unpack(optimizerState.value()));
                double lossSum = 0;
                for (int k = 0; k < localSteps; k++) {
                    optimizer.zeroGrad();
                    lossSum += backward(setup, model, shard, partition, firstStep + k);
                    optimizer.step();
                }
                boolean[] trained = r.layout().hasGradient(model);
                model.zeroGrad();
                return List.of(new PartitionResult(partition, r.layout().weights(model), trained, lossSum,
                        localSteps, OptimizerTransfer.pack(optimizer.stateDict()))).iterator();
            } finally {
                Replicas.give(setup.run(), r);
            }
        }
    }

    /**
     * The partition's one shard. Reading the iterator to its end lets Spark release its lock on the cached block.
     *
     * @throws IllegalStateException if the partition holds no shard or several (not a {@link ShardedDataset}'s RDD)
     */
    static Shard only(Iterator<Shard> shards, int partition) {
        if (!shards.hasNext()) {
            throw new IllegalStateException("backprop4j-spark: partition " + partition + " holds no shard");
        }
        Shard shard = shards.next();
        if (shards.hasNext()) {
            throw new IllegalStateException("backprop4j-spark: partition " + partition + " holds several shards");
        }
        return shard;
    }

    /**
     * Runs the loss on {@code step}'s batch of the shard and its backward pass.
     *
     * @return the loss
     * @throws IllegalStateException if the loss function returns no scalar
     */
    static double backward(Setup setup, Module model, Shard shard, int partition, long step) {
        int[] rows = ShardSampler.rows(setup.seed(), step, partition, shard.rows(), setup.batchSize());
        Batch batch = shard.batch(rows);
        Tensor loss = setup.loss().loss(model, batch);
        if (loss == null || loss.numel() != 1 || !loss.dtype().isFloatingPoint()) {
            throw new IllegalStateException("backprop4j-spark: the loss function returned "
                    + (loss == null ? "null" : "a " + loss.dtype() + " tensor of shape " + loss.shape())
                    + " for a batch of " + batch.size() + "; it must return the batch's mean loss, a float scalar");
        }
        loss.backward();
        return loss.item();
    }
}

package org.backprop4j.spark;

import java.io.Serializable;

/**
 * What one partition (or a group of partitions, once summed) sends back: the packed gradients or weights with the
 * buffers, which parameters had a gradient, the summed mean losses of its batches, and for parameter averaging the
 * optimizer state.
 *
 * @param index       the partition, or the group's index at a level of the reduction tree
 * @param state       gradients (synchronous SGD) or weights (parameter averaging), then buffers
 * @param hasGradient per parameter, whether any replica had a gradient for it
 * @param lossSum     the sum over partitions of the mean loss of each of their batches
 * @param batches     how many batches the loss sum covers
 * @param optimizer   the replicas' optimizer state (parameter averaging), else null
 */
record PartitionResult(int index, Packed state, boolean[] hasGradient, double lossSum, long batches,
        OptimizerTransfer.Transfer optimizer) implements Serializable {

    /** This result plus {@code later} (a later index), under {@code index}; reuses this result's arrays. */
    PartitionResult plus(PartitionResult later, int index) {
        state.addInPlace(later.state);
        boolean[] has = hasGradient.clone();
        for (int i = 0; i < has.length; i++) {
            has[i] |= later.hasGradient[i];
        }
        OptimizerTransfer.Transfer opt = optimizer;
        if (opt != null) {
            if (!opt.skeleton().sameStructure(later.optimizer.skeleton())) {
                throw new IllegalStateException("backprop4j-spark: the optimizer state of partition " + later.index
                        + " has another structure than partition " + this.index + "'s (a parameter got no gradient "
                        + "on one replica?); parameter averaging needs the same state on every replica");
            }
            opt.tensors().addInPlace(later.optimizer.tensors());
        }
        return new PartitionResult(index, state, has, lossSum + later.lossSum, batches + later.batches, opt);
    }
}

package org.backprop4j.nn;

import org.backprop4j.ops.Normalization;
import org.backprop4j.tensor.Tensor;

/**
 * Batch normalization (Ioffe and Szegedy, 2015) over the channels of {@code [N, C, ...]}: batch statistics in
 * training (updating the running ones with {@code momentum}, or with a cumulative average when it is null), running
 * statistics in evaluation. Buffers use PyTorch's names ({@code running_mean}, {@code running_var},
 * {@code num_batches_tracked}); a state dict without {@code num_batches_tracked} (older PyTorch checkpoints) loads
 * with the counter at 0.
 */
public abstract class BatchNorm extends NormBase {
    BatchNorm(String layer, int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(layer, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    abstract void checkInput(Tensor input);

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        boolean useBatch = isTraining() || runningMean == null;
        double factor = trackBatch();
        return Normalization.batchNorm(input, runningMean, runningVar, weight, bias, useBatch, factor, eps);
    }
}

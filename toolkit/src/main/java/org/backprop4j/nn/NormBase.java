package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * What batch and instance normalization share (PyTorch's {@code _NormBase}): the per-channel affine parameters
 * ({@code weight}, {@code bias}), the running statistics ({@code running_mean}, {@code running_var},
 * {@code num_batches_tracked}), their reset, and the momentum rule: a fixed momentum, or (null) the cumulative
 * average {@code 1 / num_batches_tracked}.
 */
abstract class NormBase extends Module {
    final int numFeatures;
    final double eps;
    final Double momentum;
    final Parameter weight;
    final Parameter bias;
    final Buffer runningMean;
    final Buffer runningVar;
    final Buffer numBatchesTracked;

    NormBase(String layer, int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        Check.positive(layer, "numFeatures", numFeatures);
        if (!(eps > 0) || (momentum != null && !(momentum >= 0 && momentum <= 1))) {
            throw new IllegalArgumentException(layer + ": eps must be positive and momentum in [0, 1] (or null for a "
                    + "cumulative average), got eps " + eps + ", momentum " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? new Parameter(Tensor.ones(numFeatures)) : null;
        this.bias = affine ? new Parameter(Tensor.zeros(numFeatures)) : null;
        this.runningMean = trackRunningStats ? new Buffer(Tensor.zeros(numFeatures)) : null;
        this.runningVar = trackRunningStats ? new Buffer(Tensor.ones(numFeatures)) : null;
        this.numBatchesTracked = trackRunningStats ? new Buffer(Tensor.zeros(DType.INT64)) : null;
    }

    /** Weight 1, bias 0 (the random generator is not used); running statistics reset to mean 0, variance 1. */
    @Override
    public void resetParameters(Rng rng) {
        if (weight != null) {
            Init.ones(weight);
            Init.zeros(bias);
        }
        if (runningMean != null) {
            try (Scope _ = GradMode.noGrad()) {
                runningMean.zero();
                runningVar.fill(1);
                numBatchesTracked.zero();
            }
        }
    }

    @Override
    protected Map<String, Buffer> ownBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        if (runningMean != null) {
            out.put("running_mean", runningMean);
            out.put("running_var", runningVar);
            out.put("num_batches_tracked", numBatchesTracked);
        }
        return out;
    }

    /** Checkpoints from before PyTorch 0.4.1 have no {@code num_batches_tracked}; it loads as 0, as PyTorch does. */
    @Override
    Map<String, Tensor> stateDefaults() {
        return runningMean == null ? Map.of() : Map.of("num_batches_tracked", Tensor.zeros(DType.INT64));
    }

    /**
     * Counts a training batch when statistics are tracked and returns the factor for this batch's statistics: the
     * momentum, or {@code 1 / num_batches_tracked} when the momentum is null.
     */
    double trackBatch() {
        if (!isTraining() || numBatchesTracked == null) {
            return momentum == null ? 0 : momentum;
        }
        long n;
        try (Scope _ = GradMode.noGrad()) {
            n = (long) numBatchesTracked.item() + 1;
            numBatchesTracked.fill(n);
        }
        return momentum == null ? 1.0 / n : momentum;
    }

    public Buffer runningMean() {
        return runningMean;
    }

    public Buffer runningVar() {
        return runningVar;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + (momentum == null ? "None" : momentum) + ", affine="
                + (weight != null) + ", trackRunningStats=" + (runningMean != null);
    }
}

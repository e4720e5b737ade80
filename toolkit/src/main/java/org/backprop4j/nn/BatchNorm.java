package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.ops.Normalization;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * Batch normalization (Ioffe and Szegedy, 2015) over the channels of {@code [N, C, ...]}: batch statistics in
 * training (updating the running ones with {@code momentum}), running statistics in evaluation. Buffers use
 * PyTorch's names ({@code running_mean}, {@code running_var}, {@code num_batches_tracked}).
 */
public abstract class BatchNorm extends Module {
    final int numFeatures;
    final double eps;
    final double momentum;
    final Parameter weight;
    final Parameter bias;
    final Buffer runningMean;
    final Buffer runningVar;
    final Buffer numBatchesTracked;

    BatchNorm(String layer, int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        Check.positive(layer, "numFeatures", numFeatures);
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(layer + ": eps must be positive and momentum in [0, 1], got eps "
                    + eps + ", momentum " + momentum);
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

    abstract void checkInput(Tensor input);

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        boolean useBatch = isTraining() || runningMean == null;
        if (isTraining() && numBatchesTracked != null) {
            try (Scope _ = GradMode.noGrad()) {
                numBatchesTracked.fill(numBatchesTracked.item() + 1);
            }
        }
        return Normalization.batchNorm(input, runningMean, runningVar, weight, bias, useBatch, momentum, eps);
    }

    public Buffer runningMean() {
        return runningMean;
    }

    public Buffer runningVar() {
        return runningVar;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null)
                + ", trackRunningStats=" + (runningMean != null);
    }
}

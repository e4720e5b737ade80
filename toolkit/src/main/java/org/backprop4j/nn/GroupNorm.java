package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Normalization;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/** Group normalization (Wu and He, 2018) of {@code [N, C, ...]} in {@code numGroups} groups of channels. */
public class GroupNorm extends Module {
    final int numGroups;
    final int numChannels;
    final double eps;
    final Parameter weight;
    final Parameter bias;

    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        Check.positive("GroupNorm", "numGroups", numGroups);
        if (numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: numChannels " + numChannels
                    + " must be divisible by numGroups " + numGroups);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = affine ? new Parameter(Tensor.ones(numChannels)) : null;
        this.bias = affine ? new Parameter(Tensor.zeros(numChannels)) : null;
    }

    @Override
    public void resetParameters(Rng rng) {
        if (weight != null) {
            Init.ones(weight);
            Init.zeros(bias);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2 || input.size(1) != numChannels) {
            throw new IllegalArgumentException(describe() + ": expected input of shape [N, " + numChannels
                    + ", ...], got " + input.shape());
        }
        return Normalization.groupNorm(input, numGroups, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + eps + ", affine=" + (weight != null);
    }
}

package org.backprop4j.nn;

import org.backprop4j.ops.Normalization;
import org.backprop4j.tensor.Tensor;

/**
 * Instance normalization (Ulyanov et al., 2016): every channel of every sample normalized over its positions, in
 * training and evaluation alike, unless running statistics are tracked (then evaluation uses them). PyTorch's
 * defaults differ from BatchNorm's: no affine parameters and no running statistics. Inputs may lack the batch
 * dimension. With neither affine parameters nor running statistics any channel count is accepted, as in PyTorch.
 */
public abstract class InstanceNorm extends NormBase {
    private final String layout;

    InstanceNorm(String layer, String layout, int numFeatures, double eps, double momentum, boolean affine,
            boolean trackRunningStats) {
        super(layer, numFeatures, eps, momentum, affine, trackRunningStats);
        this.layout = layout;
    }

    abstract int spatialDims();

    @Override
    public Tensor forward(Tensor input) {
        int r = spatialDims();
        if (input.dim() != r + 1 && input.dim() != r + 2) {
            throw new IllegalArgumentException(describe() + ": expected a " + layout + " input, got shape "
                    + input.shape());
        }
        boolean single = input.dim() == r + 1;
        Tensor x = single ? input.unsqueeze(0) : input;
        if ((weight != null || runningMean != null) && x.size(1) != numFeatures) {
            throw new IllegalArgumentException(describe() + ": expected " + numFeatures + " channels at dimension "
                    + (single ? 0 : 1) + " of a " + layout + " input, got shape " + input.shape());
        }
        // as PyTorch's F.instance_norm: the running statistics are used in evaluation, updated in training (with the
        // momentum as given; instance norm never counts num_batches_tracked)
        boolean useInput = isTraining() || runningMean == null;
        Tensor y;
        try {
            y = Normalization.instanceNorm(x, runningMean, runningVar, weight, bias, useInput, momentum, eps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
        return single ? y.squeeze(0) : y;
    }
}

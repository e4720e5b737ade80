package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.ops.Normalization;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/** Layer normalization (Ba et al., 2016) over the trailing {@code normalizedShape}; weight 1 and bias 0 initially. */
public class LayerNorm extends Module {
    final int[] normalizedShape;
    final double eps;
    final Parameter weight;
    final Parameter bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("LayerNorm: normalized shape must be non-empty and positive, got "
                    + Arrays.toString(normalizedShape));
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? new Parameter(Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? new Parameter(Tensor.zeros(normalizedShape)) : null;
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
        int k = normalizedShape.length;
        int[] shape = input.shape().toArray();
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length),
                normalizedShape)) {
            throw new IllegalArgumentException(describe() + ": expected input of shape [*, "
                    + Arrays.toString(normalizedShape).replace("[", "") + ", got " + input.shape());
        }
        return Normalization.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(normalizedShape) + ", eps=" + eps + ", elementwiseAffine=" + (weight != null);
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;

/** Power-average pooling in 1 or 2 dimensions (PyTorch's {@code _LPPoolNd}): no padding, no dilation. */
abstract class LPPoolNd extends PoolNd {
    final double normType;

    LPPoolNd(String layer, double normType, int[] kernel, int[] stride, boolean ceilMode) {
        // the kernel checked first: the default stride is the kernel, and PoolOptions would report it as a stride
        super(layer, Sizes.checked(layer, "kernel size", kernel, 1), stride == null
                ? PoolOptions.DEFAULT.withCeilMode(ceilMode)
                : PoolOptions.DEFAULT.withStride(stride).withCeilMode(ceilMode));
        Check.require(normType != 0 && Double.isFinite(normType), layer,
                () -> "norm type must be finite and non-zero, got " + normType);
        this.normType = normType;
    }

    @Override
    public Tensor forward(Tensor input) {
        return batched(input, x -> Pooling.lpPool(x, normType, window, options.ceilMode()), y -> y.squeeze(0));
    }

    @Override
    protected String extraRepr() {
        return "normType=" + normType + ", kernelSize=" + Sizes.compact(kernel) + ", stride=" + Sizes.compact(stride)
                + ", ceilMode=" + options.ceilMode();
    }
}

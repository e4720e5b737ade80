package org.backprop4j.nn;

import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;

/** Max pooling in 1 to 3 dimensions (PyTorch's {@code _MaxPoolNd}). */
abstract class MaxPoolNd extends PoolNd {
    MaxPoolNd(String layer, int[] kernel, PoolOptions options) {
        super(layer, kernel, options);
        if (!options.countIncludePad() || options.divisorOverride() != 0) {
            throw new IllegalArgumentException(layer + ": countIncludePad and divisorOverride apply to average "
                    + "pooling only");
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return batched(input, x -> Pooling.maxPool(x, window, options.ceilMode()), y -> y.squeeze(0));
    }

    /**
     * The maxima with their positions, PyTorch's {@code return_indices=True}: int64 row-major offsets into each input
     * plane, for {@code MaxUnpool} ({@code indices} of the output's shape).
     */
    public ValuesAndIndices forwardWithIndices(Tensor input) {
        return batched(input, x -> Pooling.maxPoolWithIndices(x, window, options.ceilMode()),
                r -> new ValuesAndIndices(r.values().squeeze(0), r.indices().squeeze(0)));
    }

    @Override
    protected String extraRepr() {
        return windowRepr() + ", dilation=" + Sizes.compact(dilation) + ", ceilMode=" + options.ceilMode();
    }
}

package org.backprop4j.nn;

import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;

/** Average pooling in 1 to 3 dimensions (PyTorch's {@code _AvgPoolNd}). */
abstract class AvgPoolNd extends PoolNd {
    AvgPoolNd(String layer, int[] kernel, PoolOptions options) {
        super(layer, kernel, options);
        if (!Sizes.all(dilation, 1)) {
            throw new IllegalArgumentException(layer + ": average pooling takes no dilation, got "
                    + Sizes.tuple(dilation));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return batched(input, x -> Pooling.avgPool(x, window, options.ceilMode(), options.countIncludePad(),
                options.divisorOverride()), y -> y.squeeze(0));
    }

    @Override
    protected String extraRepr() {
        return windowRepr() + (options.ceilMode() ? ", ceilMode=true" : "")
                + (options.countIncludePad() ? "" : ", countIncludePad=false")
                + (options.divisorOverride() != 0 ? ", divisorOverride=" + options.divisorOverride() : "");
    }
}

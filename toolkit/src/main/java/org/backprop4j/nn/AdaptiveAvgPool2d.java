package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;

/** Average pooling of {@code [N, C, H, W]} to a fixed {@code [N, C, outH, outW]}, with PyTorch's bins. */
public class AdaptiveAvgPool2d extends Module {
    final int outH;
    final int outW;

    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        Check.positive("AdaptiveAvgPool2d", "output height", outH);
        Check.positive("AdaptiveAvgPool2d", "output width", outW);
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, H, W]", 1, -1, 4);
        return Pooling.adaptiveAvgPool2d(input, outH, outW);
    }

    @Override
    protected String extraRepr() {
        return "outputSize=(" + outH + ", " + outW + ")";
    }
}

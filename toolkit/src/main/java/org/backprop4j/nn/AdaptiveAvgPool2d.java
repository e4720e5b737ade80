package org.backprop4j.nn;

import org.backprop4j.ops.AdaptivePooling;
import org.backprop4j.tensor.Tensor;

/**
 * Average pooling of {@code [N, C, H, W]} (or {@code [C, H, W]}) to a fixed output size, with PyTorch's bins: output
 * cell {@code i} of {@code out} averages inputs {@code floor(i S / out)} to {@code ceil((i + 1) S / out) - 1}.
 */
public class AdaptiveAvgPool2d extends AdaptivePoolNd {
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** Output {@code outH x outW}; null keeps the input's height or width (PyTorch's {@code None}). */
    public AdaptiveAvgPool2d(Integer outH, Integer outW) {
        super("AdaptiveAvgPool2d", outH, outW);
    }

    @Override
    public Tensor forward(Tensor input) {
        return checked(input, x -> AdaptivePooling.avg(x, resolved(x)));
    }
}

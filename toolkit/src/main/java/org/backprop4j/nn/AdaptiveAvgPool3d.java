package org.backprop4j.nn;

import org.backprop4j.ops.AdaptivePooling;
import org.backprop4j.tensor.Tensor;

/**
 * Average pooling of {@code [N, C, D, H, W]} (or {@code [C, D, H, W]}) to a fixed output size, with PyTorch's bins:
 * output cell {@code i} of {@code out} averages inputs {@code floor(i S / out)} to {@code ceil((i + 1) S / out) - 1}.
 */
public class AdaptiveAvgPool3d extends AdaptivePoolNd {
    public AdaptiveAvgPool3d(int size) {
        this(size, size, size);
    }

    /** Output {@code outD x outH x outW}; null keeps the input's size there (PyTorch's {@code None}). */
    public AdaptiveAvgPool3d(Integer outD, Integer outH, Integer outW) {
        super("AdaptiveAvgPool3d", outD, outH, outW);
    }

    @Override
    public Tensor forward(Tensor input) {
        return checked(input, x -> AdaptivePooling.avg(x, resolved(x)));
    }
}

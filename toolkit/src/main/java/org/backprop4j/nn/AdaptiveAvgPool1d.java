package org.backprop4j.nn;

import org.backprop4j.ops.AdaptivePooling;
import org.backprop4j.tensor.Tensor;

/**
 * Average pooling of {@code [N, C, L]} (or {@code [C, L]}) to a fixed output size, with PyTorch's bins: output cell
 * {@code i} of {@code out} averages inputs {@code floor(i S / out)} to {@code ceil((i + 1) S / out) - 1}.
 */
public class AdaptiveAvgPool1d extends AdaptivePoolNd {
    public AdaptiveAvgPool1d(int size) {
        super("AdaptiveAvgPool1d", size);
    }

    @Override
    public Tensor forward(Tensor input) {
        return checked(input, x -> AdaptivePooling.avg(x, resolved(x)));
    }
}

package org.backprop4j.nn;

import org.backprop4j.ops.AdaptivePooling;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;

/**
 * Max pooling of {@code [N, C, D, H, W]} (or {@code [C, D, H, W]}) to a fixed output size, with PyTorch's bins: output
 * cell {@code i} of {@code out} takes the largest of inputs {@code floor(i S / out)} to
 * {@code ceil((i + 1) S / out) - 1}. {@link #forwardWithIndices} also returns where the maxima came from (PyTorch's
 * {@code return_indices=True}).
 */
public class AdaptiveMaxPool3d extends AdaptivePoolNd {
    public AdaptiveMaxPool3d(int size) {
        this(size, size, size);
    }

    /** Output {@code outD x outH x outW}; null keeps the input's size there (PyTorch's {@code None}). */
    public AdaptiveMaxPool3d(Integer outD, Integer outH, Integer outW) {
        super("AdaptiveMaxPool3d", outD, outH, outW);
    }

    @Override
    public Tensor forward(Tensor input) {
        return forwardWithIndices(input).values();
    }

    /** The maxima and their int64 row-major offsets into each input plane. */
    public ValuesAndIndices forwardWithIndices(Tensor input) {
        return checked(input, x -> AdaptivePooling.max(x, resolved(x)));
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Dropout of whole channels of {@code [N, C, D, H, W]}, or {@code [C, D, H, W]} unbatched (Tompson et al., 2015):
 * one decision per (sample, channel), the kept channels scaled by {@code 1 / (1 - p)}; the identity in evaluation.
 *
 * {@snippet file="ContainerSnippets.java" region="dropout3d"}
 */
public class Dropout3d extends Dropout {
    public Dropout3d(double p) {
        this(p, null);
    }

    /** With its own generator ({@code null}: the global one). */
    public Dropout3d(double p, Rng rng) {
        super(p, rng);
    }

    /**
     * @throws IllegalArgumentException if the input is not of rank 4 or 5
     */
    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, D, H, W] or [C, D, H, W]", 0, -1, 5, 4);
        return super.forward(input);
    }

    @Override
    int[] maskShape(Tensor input) {
        return Dropout.channelMask(input, input.dim() - 3);
    }
}

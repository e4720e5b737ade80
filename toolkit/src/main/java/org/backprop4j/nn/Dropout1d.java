package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Dropout of whole channels of {@code [N, C, L]}, or {@code [C, L]} unbatched (Tompson et al., 2015): one decision
 * per (sample, channel), the kept channels scaled by {@code 1 / (1 - p)}; the identity in evaluation.
 *
 * {@snippet file="ContainerSnippets.java" region="channelDropout"}
 */
public class Dropout1d extends Dropout {
    public Dropout1d(double p) {
        this(p, null);
    }

    /** With its own generator ({@code null}: the global one). */
    public Dropout1d(double p, Rng rng) {
        super(p, rng);
    }

    /**
     * @throws IllegalArgumentException if the input is not of rank 2 or 3
     */
    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, L] or [C, L]", 0, -1, 3, 2);
        return super.forward(input);
    }

    @Override
    int[] maskShape(Tensor input) {
        return Dropout.channelMask(input, input.dim() - 1);
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * {@link AlphaDropout} of whole channels of {@code [N, C, *]}: one decision per (sample, channel), a dropped channel
 * set to SELU's negative saturation, then every element mapped by {@code a x + b} as in {@code AlphaDropout}.
 *
 * {@snippet file="ContainerSnippets.java" region="featureAlphaDropout"}
 */
public class FeatureAlphaDropout extends AlphaDropout {
    public FeatureAlphaDropout(double p) {
        this(p, null);
    }

    /** With its own generator ({@code null}: the global one). */
    public FeatureAlphaDropout(double p, Rng rng) {
        super(p, rng);
    }

    /**
     * @throws IllegalArgumentException if the input has fewer than 2 dimensions
     */
    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2) {
            throw Check.error(describe(), "expected an input [N, C, *] with at least 2 dimensions (a batch and a "
                    + "channel dimension), got shape " + input.shape());
        }
        return super.forward(input);
    }

    @Override
    int[] maskShape(Tensor input) {
        return Dropout.channelMask(input, 2);
    }
}

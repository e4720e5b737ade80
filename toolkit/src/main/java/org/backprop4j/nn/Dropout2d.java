package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/** Dropout of whole channels of {@code [N, C, H, W]} (Tompson et al., 2015): one decision per (sample, channel). */
public class Dropout2d extends Dropout {
    public Dropout2d(double p) {
        this(p, null);
    }

    public Dropout2d(double p, Rng rng) {
        super(p, rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, H, W]", 1, -1, 4);
        return super.forward(input);
    }

    @Override
    int[] maskShape(Tensor input) {
        return new int[] {input.size(0), input.size(1), 1, 1};
    }
}

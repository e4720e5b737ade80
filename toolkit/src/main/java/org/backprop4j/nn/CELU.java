package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/** {@code x} for positive x, {@code alpha (e^(x / alpha) - 1)} otherwise (Barron, 2017); default alpha 1. */
public class CELU extends Module {
    final double alpha;

    public CELU() {
        this(1.0);
    }

    /** @throws IllegalArgumentException if {@code alpha} is 0 */
    public CELU(double alpha) {
        Check.require(alpha != 0, "CELU", () -> "alpha must not be 0 (it divides x), got " + alpha);
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.celu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}

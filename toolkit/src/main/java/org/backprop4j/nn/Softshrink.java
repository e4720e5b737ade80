package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Soft thresholding, PyTorch's {@code nn.Softshrink(lambd=0.5)}: {@code x - lambd} above {@code lambd},
 * {@code x + lambd} below {@code -lambd}, 0 between; the gradient is 0 at {@code x = ±lambd}, as in PyTorch.
 */
public class Softshrink extends Module {
    final double lambd;

    public Softshrink() {
        this(0.5);
    }

    /** @throws IllegalArgumentException if {@code lambd} is negative or NaN */
    public Softshrink(double lambd) {
        Check.require(lambd >= 0, "Softshrink", () -> "lambda must be greater or equal to 0, got " + lambd);
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.softshrink(lambd));
    }

    @Override
    protected String extraRepr() {
        return "lambd=" + lambd;
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * {@code x} where {@code |x| > lambd}, else 0, PyTorch's {@code nn.Hardshrink(lambd=0.5)}; the gradient is 0 at
 * {@code x = ±lambd}, as in PyTorch.
 *
 * {@snippet file="ExtraLayersSnippets.java" region="shrink"}
 */
public class Hardshrink extends Module {
    final double lambd;

    public Hardshrink() {
        this(0.5);
    }

    public Hardshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.hardshrink(lambd));
    }

    @Override
    protected String extraRepr() {
        return "lambd=" + lambd;
    }
}

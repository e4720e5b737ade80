package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code softmax(-x)} along {@code dim}: the smallest inputs get the largest weights. */
public class Softmin extends Module {
    final int dim;

    public Softmin(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.softmin(dim));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * Gated linear unit (Dauphin et al., 2017): {@code a sigmoid(b)} for the halves {@code a, b} of the input along
 * {@code dim} (default -1), whose size must be even; the output has half of it.
 */
public class GLU extends Module {
    final int dim;

    public GLU() {
        this(-1);
    }

    public GLU(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.glu(dim));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** x for positive x, alpha (e^x - 1) otherwise (Clevert et al., 2015). */
public class ELU extends Module {
    final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.elu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}

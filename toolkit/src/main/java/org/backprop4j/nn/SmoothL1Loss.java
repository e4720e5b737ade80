package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** {@code 0.5 d^2 / beta} below beta, {@code |d| - 0.5 beta} above (default beta 1). */
public class SmoothL1Loss extends Loss {
    final double beta;

    public SmoothL1Loss() {
        this(1.0, Reduction.MEAN);
    }

    public SmoothL1Loss(double beta, Reduction reduction) {
        super(reduction);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.smoothL1(input, target, beta, reduction);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", " + super.extraRepr();
    }
}

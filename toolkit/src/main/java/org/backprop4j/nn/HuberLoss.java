package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** {@code 0.5 d^2} up to delta, {@code delta (|d| - 0.5 delta)} above (default delta 1). */
public class HuberLoss extends Loss {
    final double delta;

    public HuberLoss() {
        this(1.0, Reduction.MEAN);
    }

    public HuberLoss(double delta, Reduction reduction) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.huber(input, target, delta, reduction);
    }

    @Override
    protected String extraRepr() {
        return "delta=" + delta + ", " + super.extraRepr();
    }
}

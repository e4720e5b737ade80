package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** x for positive x, negativeSlope * x otherwise. */
public class LeakyReLU extends Module {
    final double negativeSlope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negativeSlope=" + negativeSlope;
    }
}

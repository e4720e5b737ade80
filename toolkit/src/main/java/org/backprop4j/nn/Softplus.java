package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code log(1 + e^(beta x)) / beta}, linear above {@code threshold} (defaults 1 and 20, as PyTorch). */
public class Softplus extends Module {
    final double beta;
    final double threshold;

    public Softplus() {
        this(1, 20);
    }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softplus(beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}

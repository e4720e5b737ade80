package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** x - logsumexp(x) along dim. */
public class LogSoftmax extends Module {
    final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** e^x / sum(e^x) along dim. */
public class Softmax extends Module {
    final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

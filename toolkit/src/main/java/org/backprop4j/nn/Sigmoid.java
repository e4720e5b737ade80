package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** 1 / (1 + e^-x), elementwise. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** hyperbolic tangent, elementwise. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}

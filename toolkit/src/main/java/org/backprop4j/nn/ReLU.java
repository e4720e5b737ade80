package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** max(x, 0), elementwise. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}

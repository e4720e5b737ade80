package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** x sigmoid(x), elementwise. */
public class SiLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.silu();
    }
}

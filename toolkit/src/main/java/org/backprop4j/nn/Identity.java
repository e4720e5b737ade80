package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** Returns its input: a placeholder where a layer is optional. */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}

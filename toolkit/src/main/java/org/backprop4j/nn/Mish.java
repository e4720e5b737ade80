package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code x tanh(softplus(x))} (Misra, 2019). */
public class Mish extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.mish());
    }
}

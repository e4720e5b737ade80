package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code x / (1 + |x|)}. */
public class Softsign extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.softsign());
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code min(max(x + 3, 0), 6) / 6}; gradient 1/6 inside {@code (-3, 3)}, 0 outside. */
public class Hardsigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.hardsigmoid());
    }
}

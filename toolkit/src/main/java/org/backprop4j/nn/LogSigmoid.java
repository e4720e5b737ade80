package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code log(1 / (1 + e^-x))}, finite for any x. */
public class LogSigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.logSigmoid());
    }
}

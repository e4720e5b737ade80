package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code x min(max(x + 3, 0), 6) / 6} (Howard et al., 2019, "Searching for MobileNetV3"). */
public class Hardswish extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.hardswish());
    }
}

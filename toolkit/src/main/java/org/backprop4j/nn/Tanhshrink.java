package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code x - tanh(x)}, PyTorch's {@code nn.Tanhshrink}. */
public class Tanhshrink extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.tanhshrink());
    }
}

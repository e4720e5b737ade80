package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * {@code min(max(x, 0), 6)}, PyTorch's {@code nn.ReLU6} (a {@link Hardtanh} on {@code [0, 6]}): the gradient is 0 at
 * 0 and at 6, as in PyTorch.
 */
public class ReLU6 extends Hardtanh {
    public ReLU6() {
        super(0, 6);
    }

    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.relu6());
    }

    @Override
    protected String extraRepr() {
        return "";
    }
}

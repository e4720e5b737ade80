package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code x} where {@code x > threshold}, else {@code value}, as PyTorch's {@code nn.Threshold(threshold, value)}. */
public class Threshold extends Module {
    final double threshold;
    final double value;

    public Threshold(double threshold, double value) {
        this.threshold = threshold;
        this.value = value;
    }

    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.threshold(threshold, value));
    }

    @Override
    protected String extraRepr() {
        return "threshold=" + threshold + ", value=" + value;
    }
}

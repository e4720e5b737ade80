package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code x} clamped to {@code [min, max]} (defaults -1 and 1). */
public class Hardtanh extends Module {
    final double min;
    final double max;

    public Hardtanh() {
        this(-1, 1);
    }

    public Hardtanh(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("Hardtanh: min " + min + " must be below max " + max);
        }
        this.min = min;
        this.max = max;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.hardtanh(min, max);
    }

    @Override
    protected String extraRepr() {
        return "min=" + min + ", max=" + max;
    }
}

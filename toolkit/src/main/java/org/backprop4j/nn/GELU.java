package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** GELU (Hendrycks and Gimpel, 2016): exact {@code x Phi(x)}, or its tanh approximation. */
public class GELU extends Module {
    final boolean tanhApproximation;

    public GELU() {
        this(false);
    }

    public GELU(boolean tanhApproximation) {
        this.tanhApproximation = tanhApproximation;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.gelu(tanhApproximation);
    }

    @Override
    protected String extraRepr() {
        return "approximate=" + (tanhApproximation ? "tanh" : "none");
    }
}

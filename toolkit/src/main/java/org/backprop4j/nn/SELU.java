package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** scaled ELU (Klambauer et al., 2017), elementwise. */
public class SELU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.selu();
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** {@code x + body(x)}: a skip connection around a module whose output has its input's shape. */
public class Residual extends Module {
    final Module body;

    public Residual(Module body) {
        this.body = body;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor out = body.call(input);
        if (!out.shape().equals(input.shape())) {
            throw new IllegalArgumentException(describe() + ": the body maps shape " + input.shape() + " to "
                    + out.shape() + "; a residual connection needs the same shape");
        }
        return input.add(out);
    }
}

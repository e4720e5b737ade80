package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** Mean squared error, {@code (x - y)^2}. */
public class MSELoss extends Loss {
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.mse(input, target, reduction);
    }
}

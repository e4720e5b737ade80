package org.backprop4j.nn;

import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** Two-class logistic loss {@code log(1 + e^(-y x))} with targets {@code y} in {1, -1}, as PyTorch's. */
public class SoftMarginLoss extends Loss {
    public SoftMarginLoss() {
        this(Reduction.MEAN);
    }

    public SoftMarginLoss(Reduction reduction) {
        super(checked("SoftMarginLoss", reduction));
    }

    /** @throws IllegalArgumentException if the shapes or dtypes differ */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return LayerErrors.named(this, () -> MarginLosses.softMargin(input, target, reduction));
    }
}

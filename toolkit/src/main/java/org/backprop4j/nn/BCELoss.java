package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** Binary cross-entropy of probabilities (logs clamped at -100, as PyTorch); an optional per-element weight. */
public class BCELoss extends Loss {
    final Buffer weight;

    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /** {@code weight} (may be null) broadcasts to the input. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : new Buffer(weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.bce(input, target, weight, reduction);
    }
}

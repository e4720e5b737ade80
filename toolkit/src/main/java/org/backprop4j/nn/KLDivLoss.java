package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * KL divergence of log-probabilities from a target distribution (or log-distribution with {@code logTarget});
 * {@link Reduction#BATCH_MEAN} gives the true KL per sample, MEAN (PyTorch's default) the mean per element.
 */
public class KLDivLoss extends Loss {
    final boolean logTarget;

    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.klDiv(input, target, logTarget, reduction);
    }
}

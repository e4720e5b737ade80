package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.LikelihoodLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Gaussian negative log-likelihood, as PyTorch's {@code nn.GaussianNLLLoss}:
 * {@code (log(max(var, eps)) + (input - target)^2 / max(var, eps)) / 2} (eps default 1e-6), plus {@code log(2 pi) / 2}
 * with {@code full}. {@code var} has the input's shape, or one variance per sample (the input's shape without, or with
 * size 1 in, its last dimension).
 *
 * {@snippet file="NnSnippets.java" region="gaussianNll"}
 */
public class GaussianNLLLoss extends Module {
    final boolean full;
    final double eps;
    final Reduction reduction;

    public GaussianNLLLoss() {
        this(false, 1e-6, Reduction.MEAN);
    }

    /** @throws IllegalArgumentException if {@code eps} is not positive or the reduction is BATCH_MEAN */
    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        Check.positive("GaussianNLLLoss", "eps", eps);
        this.full = full;
        this.eps = eps;
        this.reduction = Loss.checked("GaussianNLLLoss", reduction);
    }

    public Reduction reduction() {
        return reduction;
    }

    /** @throws IllegalArgumentException if {@code var}'s shape does not fit or it has a negative entry */
    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        return LayerErrors.named(this, () -> LikelihoodLosses.gaussianNll(input, target, var, full, eps, reduction));
    }

    @Override
    protected String extraRepr() {
        return "reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + (full ? ", full=true" : "")
                + ", eps=" + eps;
    }
}

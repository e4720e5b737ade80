package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Distances;
import org.backprop4j.tensor.Tensor;

/**
 * {@code ||x1 - x2 + eps||_p} along the last dimension (p default 2, eps 1e-6; the dimension kept with
 * {@code keepDim}), as PyTorch's {@code nn.PairwiseDistance}.
 *
 * {@snippet file="NnSnippets.java" region="pairwiseDistance"}
 */
public class PairwiseDistance extends Module {
    final double p;
    final double eps;
    final boolean keepDim;

    public PairwiseDistance() {
        this(2, 1e-6, false);
    }

    /** @throws IllegalArgumentException if {@code p} is not positive */
    public PairwiseDistance(double p, double eps, boolean keepDim) {
        Check.require(p > 0, "PairwiseDistance", () -> "p must be > 0 (or infinity), got " + p);
        this.p = p;
        this.eps = eps;
        this.keepDim = keepDim;
    }

    /** @throws IllegalArgumentException if the inputs do not broadcast */
    public Tensor forward(Tensor x1, Tensor x2) {
        return LayerErrors.named(this, () -> Distances.pairwiseDistance(x1, x2, p, eps, keepDim));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", eps=" + eps + (keepDim ? ", keepDim=true" : "");
    }
}

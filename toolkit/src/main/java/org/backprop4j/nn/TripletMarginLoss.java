package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** {@code max(d(a, p) - d(a, n) + margin, 0)} with p-norm distances (defaults: margin 1, p 2, eps 1e-6). */
public class TripletMarginLoss extends Module {
    final double margin;
    final double p;
    final double eps;
    final boolean swap;
    final Reduction reduction;

    public TripletMarginLoss() {
        this(1, 2, 1e-6, false, Reduction.MEAN);
    }

    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
        this.reduction = reduction;
    }

    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return Losses.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
    }
}

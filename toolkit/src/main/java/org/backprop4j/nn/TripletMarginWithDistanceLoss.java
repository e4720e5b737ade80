package org.backprop4j.nn;

import java.util.function.BinaryOperator;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Triplet loss with any distance, as PyTorch's {@code nn.TripletMarginWithDistanceLoss}:
 * {@code max(d(a, p) - d(a, n) + margin, 0)} (margin default 1) with {@code d} a function of two batches (null for
 * {@link PairwiseDistance}'s default, the 2-norm); with {@code swap}, {@code d(a, n)} becomes
 * {@code min(d(a, n), d(p, n))} (Balntas et al., 2016).
 *
 * {@snippet file="NnSnippets.java" region="tripletDistance"}
 */
public class TripletMarginWithDistanceLoss extends Module {
    final BinaryOperator<Tensor> distance;
    final double margin;
    final boolean swap;
    final Reduction reduction;

    public TripletMarginWithDistanceLoss() {
        this(null, 1.0, false, Reduction.MEAN);
    }

    /** @throws IllegalArgumentException if {@code margin} is not finite or the reduction is BATCH_MEAN */
    public TripletMarginWithDistanceLoss(BinaryOperator<Tensor> distance, double margin, boolean swap,
            Reduction reduction) {
        Check.finite("TripletMarginWithDistanceLoss", "margin", margin);
        this.distance = distance;
        this.margin = margin;
        this.swap = swap;
        this.reduction = Loss.checked("TripletMarginWithDistanceLoss", reduction);
    }

    public Reduction reduction() {
        return reduction;
    }

    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return LayerErrors.named(this, () -> MarginLosses.tripletMarginWithDistance(anchor, positive, negative,
                distance, margin, swap, reduction));
    }

    @Override
    protected String extraRepr() {
        return "reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ", margin=" + margin
                + (swap ? ", swap=true" : "") + (distance == null ? "" : ", distance=custom");
    }
}

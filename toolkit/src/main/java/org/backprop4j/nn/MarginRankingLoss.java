package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** {@code max(0, -y (x1 - x2) + margin)}: x1 should rank above x2 where {@code y = 1}, below where {@code y = -1}. */
public class MarginRankingLoss extends Module {
    final double margin;
    final Reduction reduction;

    public MarginRankingLoss() {
        this(0, Reduction.MEAN);
    }

    public MarginRankingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction;
    }

    public Tensor forward(Tensor x1, Tensor x2, Tensor y) {
        return Losses.marginRanking(x1, x2, y, margin, reduction);
    }
}

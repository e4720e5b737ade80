package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** {@code 1 - cos} for similar pairs ({@code y = 1}), {@code max(0, cos - margin)} for dissimilar ones. */
public class CosineEmbeddingLoss extends Module {
    final double margin;
    final Reduction reduction;

    public CosineEmbeddingLoss() {
        this(0, Reduction.MEAN);
    }

    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction;
    }

    public Tensor forward(Tensor x1, Tensor x2, Tensor y) {
        return Losses.cosineEmbedding(x1, x2, y, margin, reduction);
    }
}

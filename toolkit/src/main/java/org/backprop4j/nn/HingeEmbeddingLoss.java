package org.backprop4j.nn;

import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * {@code x} where {@code y = 1} and {@code max(0, margin - x)} where {@code y = -1} (margin default 1), for inputs
 * that are distances, as PyTorch's {@code nn.HingeEmbeddingLoss}.
 */
public class HingeEmbeddingLoss extends Loss {
    final double margin;

    public HingeEmbeddingLoss() {
        this(1.0, Reduction.MEAN);
    }

    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        super(checked("HingeEmbeddingLoss", reduction));
        this.margin = margin;
    }

    /** @throws IllegalArgumentException if the shapes or dtypes differ */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return LayerErrors.named(this, () -> MarginLosses.hingeEmbedding(input, target, margin, reduction));
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", margin=" + margin;
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Distances;
import org.backprop4j.tensor.Tensor;

/**
 * Cosine similarity along {@code dim} (default 1) of two broadcastable inputs, each vector divided by
 * {@code max(||x||, eps)} (eps default 1e-8), as PyTorch's {@code nn.CosineSimilarity}; the output drops {@code dim}.
 *
 * {@snippet file="NnSnippets.java" region="cosineSimilarity"}
 */
public class CosineSimilarity extends Module {
    final int dim;
    final double eps;

    public CosineSimilarity() {
        this(1, 1e-8);
    }

    /** @throws IllegalArgumentException if {@code eps} is not positive */
    public CosineSimilarity(int dim, double eps) {
        Check.positive("CosineSimilarity", "eps", eps);
        this.dim = dim;
        this.eps = eps;
    }

    /** @throws IllegalArgumentException if the inputs do not broadcast or {@code dim} is out of range */
    public Tensor forward(Tensor x1, Tensor x2) {
        return LayerErrors.named(this, () -> Distances.cosineSimilarity(x1, x2, dim, eps));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", eps=" + eps;
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * A lookup table: int64 indices {@code [*]} give rows of the weight {@code [num, dim]}, output {@code [*, dim]}.
 * Only the rows used receive gradient; the row at {@code paddingIdx} (if set) is zero and receives none.
 * Initialized standard normal, as PyTorch.
 */
public class Embedding extends Module {
    final int numEmbeddings;
    final int embeddingDim;
    final Integer paddingIdx;
    final Parameter weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    /** With a padding index (negative values count from the end). */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        Check.positive("Embedding", "numEmbeddings", numEmbeddings);
        Check.positive("Embedding", "embeddingDim", embeddingDim);
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " is out of range for "
                    + numEmbeddings + " embeddings");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.weight = new Parameter(Tensor.zeros(numEmbeddings, embeddingDim));
        resetParameters(Rng.global());
    }

    @Override
    public void resetParameters(Rng rng) {
        Init.normal(weight, 0, 1, rng);
        if (paddingIdx != null) {
            try (Scope _ = GradMode.noGrad()) {
                weight.select(0, paddingIdx).zero();
            }
        }
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(describe() + ": expected int64 indices, got " + indices.dtype()
                    + " of shape " + indices.shape());
        }
        for (long v : indices.toLongArray()) {
            if (v < 0 || v >= numEmbeddings) {
                throw new IndexOutOfBoundsException(describe() + ": index " + v + " is out of range for "
                        + numEmbeddings + " embeddings");
            }
        }
        int[] shape = indices.shape().toArray();
        int[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = embeddingDim;
        Tensor rows = weight.indexSelect(0, indices.reshape(-1));
        if (paddingIdx != null) {
            // the padding row is constant: no gradient flows to it
            rows = Tensor.where(indices.reshape(-1, 1).eq(paddingIdx), rows.detach(), rows);
        }
        return rows.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", paddingIdx=" + paddingIdx : "");
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;

/**
 * Settings of {@link Embedding} and {@link EmbeddingBag} beyond the table's size, with PyTorch's defaults: no
 * padding index, no renormalization, gradients not scaled.
 *
 * {@snippet file="NnSnippets.java" region="embeddingOptions"}
 *
 * @param paddingIdx      the index whose row is a constant (zeros at first, no gradient; left out of bags); negative
 *                        values count from the end; null for none
 * @param maxNorm         before each lookup, rows used whose {@code normType}-norm exceeds this are scaled in place
 *                        to it; null for never
 * @param normType        the p of that norm (2 by default)
 * @param scaleGradByFreq divide each row's gradient by how often its index occurs in the batch
 */
public record EmbeddingOptions(Integer paddingIdx, Double maxNorm, double normType, boolean scaleGradByFreq) {
    public static final EmbeddingOptions DEFAULT = new EmbeddingOptions(null, null, 2, false);

    /** @throws IllegalArgumentException if {@code maxNorm} (when given) or {@code normType} is not positive */
    public EmbeddingOptions {
        if (maxNorm != null) {
            Check.positive("EmbeddingOptions", "maxNorm", maxNorm);
        }
        Check.require(normType > 0, "EmbeddingOptions", () -> "normType must be > 0, got " + normType);
    }

    public EmbeddingOptions withPaddingIdx(Integer index) {
        return new EmbeddingOptions(index, maxNorm, normType, scaleGradByFreq);
    }

    /** Renormalize the rows used to at most {@code value} (null for never). */
    public EmbeddingOptions withMaxNorm(Double value) {
        return new EmbeddingOptions(paddingIdx, value, normType, scaleGradByFreq);
    }

    public EmbeddingOptions withNormType(double p) {
        return new EmbeddingOptions(paddingIdx, maxNorm, p, scaleGradByFreq);
    }

    public EmbeddingOptions withScaleGradByFreq(boolean value) {
        return new EmbeddingOptions(paddingIdx, maxNorm, normType, value);
    }

    /** The padding index in {@code [0, num)}, or null; checked against the table size. */
    Integer resolvePaddingIdx(String where, int num) {
        if (paddingIdx == null) {
            return null;
        }
        Check.require(paddingIdx < num && paddingIdx >= -num, where, () -> "paddingIdx " + paddingIdx
                + " is out of range for " + num + " embeddings");
        return paddingIdx < 0 ? paddingIdx + num : paddingIdx;
    }

    /** The non-default settings, PyTorch-style: {@code , paddingIdx=0, maxNorm=1.0}. */
    String describe(Integer resolvedPaddingIdx) {
        return (resolvedPaddingIdx != null ? ", paddingIdx=" + resolvedPaddingIdx : "")
                + (maxNorm != null ? ", maxNorm=" + maxNorm : "") + (normType != 2 ? ", normType=" + normType : "")
                + (scaleGradByFreq ? ", scaleGradByFreq=true" : "");
    }
}

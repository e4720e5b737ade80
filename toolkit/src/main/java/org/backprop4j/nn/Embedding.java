package org.backprop4j.nn;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.ops.Embeddings;
import org.backprop4j.tensor.Tensor;

/**
 * A lookup table, as PyTorch's {@code nn.Embedding}: int64 indices {@code [*]} give rows of the weight
 * {@code [num, dim]}, output {@code [*, dim]}. Only the rows used receive gradient; the row at {@code paddingIdx}
 * (if set) is zero at first and receives none. With {@code maxNorm} the rows used are renormalized in place before
 * each lookup; with {@code scaleGradByFreq} each row's gradient is divided by its index's count in the batch (see
 * {@link EmbeddingOptions}). Initialized standard normal, as PyTorch.
 *
 * {@snippet file="NnSnippets.java" region="embedding"}
 */
public class Embedding extends Module {
    final int numEmbeddings;
    final int embeddingDim;
    final Integer paddingIdx;
    final EmbeddingOptions options;
    final Parameter weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, EmbeddingOptions.DEFAULT);
    }

    /** With a padding index (negative values count from the end; null for none). */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, EmbeddingOptions.DEFAULT.withPaddingIdx(paddingIdx));
    }

    /** @throws IllegalArgumentException if a size is not positive or the padding index is out of range */
    public Embedding(int numEmbeddings, int embeddingDim, EmbeddingOptions options) {
        this(checkedWeight(numEmbeddings, embeddingDim, options), true, options);
        resetParameters(Rng.global());
    }

    private Embedding(Tensor weight, boolean requiresGrad, EmbeddingOptions options) {
        this.numEmbeddings = weight.size(0);
        this.embeddingDim = weight.size(1);
        this.options = options;
        this.paddingIdx = options.resolvePaddingIdx(getClass().getSimpleName(), numEmbeddings);
        this.weight = new Parameter(weight, requiresGrad);
    }

    private static Tensor checkedWeight(int numEmbeddings, int embeddingDim, EmbeddingOptions options) {
        Check.positive("Embedding", "numEmbeddings", numEmbeddings);
        Check.positive("Embedding", "embeddingDim", embeddingDim);
        Check.require(options != null, "Embedding", () -> "options must not be null; use EmbeddingOptions.DEFAULT");
        return Tensor.zeros(numEmbeddings, embeddingDim);
    }

    /** A frozen table over {@code embeddings [num, dim]} (sharing its storage), as PyTorch's from_pretrained. */
    public static Embedding fromPretrained(Tensor embeddings) {
        return fromPretrained(embeddings, true, EmbeddingOptions.DEFAULT);
    }

    /**
     * A table over {@code embeddings [num, dim]} (sharing its storage; the padding row is left as it is), trained
     * unless {@code freeze}.
     *
     * @throws IllegalArgumentException if {@code embeddings} is not a floating matrix
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, EmbeddingOptions options) {
        checkPretrained("Embedding", embeddings);
        return new Embedding(embeddings.detach(), !freeze, options);
    }

    static void checkPretrained(String where, Tensor embeddings) {
        Check.floating(where + ".fromPretrained", embeddings);
        Check.require(embeddings.dim() == 2, where + ".fromPretrained", () -> "expected embeddings of shape "
                + "[num, dim], got " + embeddings.shape());
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

    public EmbeddingOptions options() {
        return options;
    }

    /**
     * The rows at {@code indices}.
     *
     * @throws IllegalArgumentException if the indices are not int64
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, numEmbeddings)}
     */
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
        if (options.maxNorm() != null) {
            Embeddings.renorm(weight, indices, options.maxNorm(), options.normType());
        }
        return Embeddings.embedding(weight, indices, paddingIdx, options.scaleGradByFreq());
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + options.describe(paddingIdx);
    }
}

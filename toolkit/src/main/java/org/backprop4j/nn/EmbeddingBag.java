package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.ops.BagMode;
import org.backprop4j.ops.Embeddings;
import org.backprop4j.tensor.Tensor;

/**
 * Sums, means or maxima of bags of embeddings without building the intermediate rows tensor per bag, as PyTorch's
 * {@code nn.EmbeddingBag}: int64 {@code input [B, L]} is B bags of L indices; 1-D {@code input [M]} is cut into bags
 * at {@code offsets [B]} (each bag's start, the first 0), or {@code [B + 1]} with {@code includeLastOffset} (the last
 * is the end of the last bag). Output {@code [B, dim]}; an empty bag gives zeros. With SUM, {@code perSampleWeights}
 * (the input's shape) scale each row. Entries equal to the padding index are left out of their bag (and of the count
 * MEAN divides by). Parameter {@code weight [num, dim]}, standard normal at first as in PyTorch; default mode MEAN.
 *
 * {@snippet file="NnSnippets.java" region="embeddingBag"}
 */
public class EmbeddingBag extends Module {
    final int numEmbeddings;
    final int embeddingDim;
    final BagMode mode;
    final boolean includeLastOffset;
    final EmbeddingOptions options;
    final Integer paddingIdx;
    final Parameter weight;

    /** Mean bags. */
    public EmbeddingBag(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, BagMode.MEAN);
    }

    public EmbeddingBag(int numEmbeddings, int embeddingDim, BagMode mode) {
        this(numEmbeddings, embeddingDim, mode, false, EmbeddingOptions.DEFAULT);
    }

    /**
     * @param includeLastOffset offsets hold {@code B + 1} entries, the last being the end of the last bag
     * @throws IllegalArgumentException if a size is not positive, the padding index is out of range, or
     *                                  {@code scaleGradByFreq} comes with MAX
     */
    public EmbeddingBag(int numEmbeddings, int embeddingDim, BagMode mode, boolean includeLastOffset,
            EmbeddingOptions options) {
        this(checkedWeight(numEmbeddings, embeddingDim), true, mode, includeLastOffset, options);
        resetParameters(Rng.global());
    }

    private EmbeddingBag(Tensor weight, boolean requiresGrad, BagMode mode, boolean includeLastOffset,
            EmbeddingOptions options) {
        Check.require(mode != null && options != null, "EmbeddingBag", () -> "mode and options must not be null; "
                + "use BagMode.MEAN and EmbeddingOptions.DEFAULT");
        Check.require(!options.scaleGradByFreq() || mode != BagMode.MAX, "EmbeddingBag",
                () -> "mode MAX does not support scaling the gradient by the frequency");
        this.numEmbeddings = weight.size(0);
        this.embeddingDim = weight.size(1);
        this.mode = mode;
        this.includeLastOffset = includeLastOffset;
        this.options = options;
        this.paddingIdx = options.resolvePaddingIdx("EmbeddingBag", numEmbeddings);
        this.weight = new Parameter(weight, requiresGrad);
    }

    private static Tensor checkedWeight(int numEmbeddings, int embeddingDim) {
        Check.positive("EmbeddingBag", "numEmbeddings", numEmbeddings);
        Check.positive("EmbeddingBag", "embeddingDim", embeddingDim);
        return Tensor.zeros(numEmbeddings, embeddingDim);
    }

    /**
     * Bags over {@code embeddings [num, dim]} (sharing its storage), trained unless {@code freeze}, as PyTorch's
     * {@code EmbeddingBag.from_pretrained}.
     *
     * @throws IllegalArgumentException if {@code embeddings} is not a floating matrix
     */
    public static EmbeddingBag fromPretrained(Tensor embeddings, boolean freeze, BagMode mode,
            boolean includeLastOffset, EmbeddingOptions options) {
        Embedding.checkPretrained("EmbeddingBag", embeddings);
        return new EmbeddingBag(embeddings.detach(), !freeze, mode, includeLastOffset, options);
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

    public BagMode mode() {
        return mode;
    }

    /** Bags of fixed length: {@code input [B, L]}. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null);
    }

    /** Bags of {@code input [M]} starting at {@code offsets}. */
    public Tensor forward(Tensor input, Tensor offsets) {
        return forward(input, offsets, null);
    }

    /**
     * The bags' sums, means or maxima.
     *
     * @param offsets          each bag's start in 1-D {@code input} (null for 2-D input)
     * @param perSampleWeights one weight per index (mode SUM only), or null
     * @throws IllegalArgumentException if a shape, dtype or offset does not fit; the message names the layer
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, numEmbeddings)}
     */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        return LayerErrors.named(this, () -> {
            if (options.maxNorm() != null) {
                Embeddings.renorm(weight, input, options.maxNorm(), options.normType());
            }
            return Embeddings.embeddingBag(weight, input, offsets, mode, perSampleWeights, includeLastOffset,
                    paddingIdx, options.scaleGradByFreq());
        });
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + options.describe(paddingIdx) + ", mode="
                + mode.name().toLowerCase(java.util.Locale.ROOT)
                + (includeLastOffset ? ", includeLastOffset=true" : "");
    }
}

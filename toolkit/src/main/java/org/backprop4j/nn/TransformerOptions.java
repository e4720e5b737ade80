package org.backprop4j.nn;

import org.backprop4j.array.Rng;

/**
 * Settings of {@link TransformerEncoderLayer} beyond model width and heads, with PyTorch's defaults: a feed-forward
 * block of 2048, dropout 0.1, relu, LayerNorm epsilon 1e-5, time-major inputs, normalization after each block.
 *
 * {@snippet file="NnSnippets.java" region="transformerOptions"}
 *
 * @param dimFeedforward the hidden width of the feed-forward block
 * @param dropout        dropout probability of the attention weights and of the three dropout layers
 * @param activation     the feed-forward block's activation
 * @param layerNormEps   epsilon of both LayerNorms
 * @param batchFirst     inputs and output as {@code [N, L, E]} instead of {@code [L, N, E]}
 * @param normFirst      pre-norm ({@code x + block(norm(x))}, Xiong et al., 2020) instead of post-norm
 *                       ({@code norm(x + block(x))})
 * @param dropoutRng     where the dropout masks come from; null for {@link Rng#global()}
 */
public record TransformerOptions(int dimFeedforward, double dropout, Activation activation, double layerNormEps,
        boolean batchFirst, boolean normFirst, Rng dropoutRng) {
    /** The feed-forward activations PyTorch's encoder layer accepts by name. */
    public enum Activation { RELU, GELU }

    public static final TransformerOptions DEFAULT = new TransformerOptions(2048, 0.1, Activation.RELU, 1e-5, false,
            false, null);

    /** @throws IllegalArgumentException for a non-positive width or epsilon, or a dropout outside [0, 1] */
    public TransformerOptions {
        if (dimFeedforward <= 0 || !(layerNormEps > 0) || !(dropout >= 0 && dropout <= 1) || activation == null) {
            throw new IllegalArgumentException("TransformerOptions: dimFeedforward and layerNormEps must be positive, "
                    + "dropout in [0, 1] and activation given, got dimFeedforward " + dimFeedforward + ", dropout "
                    + dropout + ", layerNormEps " + layerNormEps + ", activation " + activation);
        }
    }

    public TransformerOptions withDimFeedforward(int value) {
        return new TransformerOptions(value, dropout, activation, layerNormEps, batchFirst, normFirst, dropoutRng);
    }

    /** Dropout everywhere in the layer, masks from the global generator. */
    public TransformerOptions withDropout(double p) {
        return new TransformerOptions(dimFeedforward, p, activation, layerNormEps, batchFirst, normFirst, dropoutRng);
    }

    /** Dropout everywhere in the layer, masks from {@code rng} (so runs reproduce). */
    public TransformerOptions withDropout(double p, Rng rng) {
        return new TransformerOptions(dimFeedforward, p, activation, layerNormEps, batchFirst, normFirst, rng);
    }

    public TransformerOptions withActivation(Activation value) {
        return new TransformerOptions(dimFeedforward, dropout, value, layerNormEps, batchFirst, normFirst, dropoutRng);
    }

    public TransformerOptions withLayerNormEps(double value) {
        return new TransformerOptions(dimFeedforward, dropout, activation, value, batchFirst, normFirst, dropoutRng);
    }

    public TransformerOptions withBatchFirst(boolean value) {
        return new TransformerOptions(dimFeedforward, dropout, activation, layerNormEps, value, normFirst, dropoutRng);
    }

    public TransformerOptions withNormFirst(boolean value) {
        return new TransformerOptions(dimFeedforward, dropout, activation, layerNormEps, batchFirst, value, dropoutRng);
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.Rng;

/**
 * Settings of {@link MultiheadAttention} beyond embedding size and heads, with PyTorch's defaults: no dropout,
 * biases, time-major inputs {@code [L, N, E]}, keys and values of the embedding size, no extra key and value.
 *
 * {@snippet file="NnSnippets.java" region="attentionOptions"}
 *
 * @param dropout    probability of zeroing attention weights, in training only
 * @param bias       whether the input and output projections have biases
 * @param batchFirst inputs and output as {@code [N, L, E]} instead of {@code [L, N, E]}
 * @param kdim       the keys' feature size; 0 for the embedding size
 * @param vdim       the values' feature size; 0 for the embedding size
 * @param addBiasKv  learn one more key and value ({@code bias_k}, {@code bias_v} {@code [1, 1, E]}), appended to the
 *                   projected keys and values of every sequence
 * @param addZeroAttn append a key and a value of zeros to every head after the projections
 * @param dropoutRng where the dropout masks come from; null for {@link Rng#global()}
 */
public record AttentionOptions(double dropout, boolean bias, boolean batchFirst, int kdim, int vdim, boolean addBiasKv,
        boolean addZeroAttn, Rng dropoutRng) {
    public static final AttentionOptions DEFAULT = new AttentionOptions(0, true, false, 0, 0, false, false, null);

    /** @throws IllegalArgumentException if {@code dropout} is not in [0, 1] or a dimension is negative */
    public AttentionOptions {
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("AttentionOptions: dropout must be in [0, 1], got " + dropout);
        }
        if (kdim < 0 || vdim < 0) {
            throw new IllegalArgumentException("AttentionOptions: kdim and vdim must be positive (or 0 for the "
                    + "embedding size), got kdim " + kdim + ", vdim " + vdim);
        }
    }

    /** Dropout of attention weights, masks from the global generator. */
    public AttentionOptions withDropout(double p) {
        return new AttentionOptions(p, bias, batchFirst, kdim, vdim, addBiasKv, addZeroAttn, dropoutRng);
    }

    /** Dropout of attention weights, masks from {@code rng} (so runs reproduce). */
    public AttentionOptions withDropout(double p, Rng rng) {
        return new AttentionOptions(p, bias, batchFirst, kdim, vdim, addBiasKv, addZeroAttn, rng);
    }

    public AttentionOptions withBias(boolean value) {
        return new AttentionOptions(dropout, value, batchFirst, kdim, vdim, addBiasKv, addZeroAttn, dropoutRng);
    }

    public AttentionOptions withBatchFirst(boolean value) {
        return new AttentionOptions(dropout, bias, value, kdim, vdim, addBiasKv, addZeroAttn, dropoutRng);
    }

    /** Keys of {@code kdim} features and values of {@code vdim} (separate projection weights, as PyTorch). */
    public AttentionOptions withKeyValueDims(int kdim, int vdim) {
        return new AttentionOptions(dropout, bias, batchFirst, kdim, vdim, addBiasKv, addZeroAttn, dropoutRng);
    }

    /** A learnt extra key and value, {@code bias_k} and {@code bias_v}, appended to every sequence's keys, values. */
    public AttentionOptions withAddBiasKv(boolean value) {
        return new AttentionOptions(dropout, bias, batchFirst, kdim, vdim, value, addZeroAttn, dropoutRng);
    }

    /** A key and a value of zeros appended to every head's keys and values. */
    public AttentionOptions withAddZeroAttn(boolean value) {
        return new AttentionOptions(dropout, bias, batchFirst, kdim, vdim, addBiasKv, value, dropoutRng);
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;

/**
 * Settings of the recurrent layers ({@link RNN}, {@link LSTM}, {@link GRU}) beyond input and hidden size, with
 * PyTorch's defaults: one layer, biases, time-major input {@code [L, N, Hin]}, no dropout, one direction, no
 * projection.
 *
 * {@snippet file="NnSnippets.java" region="rnnOptions"}
 *
 * @param numLayers     stacked layers; each takes the previous one's output sequence
 * @param bias          whether the layers have {@code b_ih} and {@code b_hh}
 * @param batchFirst    input and output as {@code [N, L, *]} instead of {@code [L, N, *]} (never the states)
 * @param dropout       probability of zeroing elements of each layer's output but the last, in training only
 * @param bidirectional a second direction per layer that reads the sequence backwards; outputs are concatenated
 * @param projSize      LSTM only: project each hidden state to this size with {@code weight_hr_l{k}} (Sak et al.,
 *                      2014), which then is the output and the recurrent state; 0 for none
 * @param dropoutRng    where the dropout masks come from; null for {@link Rng#global()}
 */
public record RNNOptions(int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional,
        int projSize, Rng dropoutRng) {

    public static final RNNOptions DEFAULT = new RNNOptions(1, true, false, 0, false, 0, null);

    /**
     * @throws IllegalArgumentException if {@code numLayers} is not positive, {@code dropout} not in [0, 1] or
     *                                  {@code projSize} negative
     */
    public RNNOptions {
        Check.positive("RNNOptions", "numLayers", numLayers);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("RNNOptions: dropout must be in [0, 1], got " + dropout);
        }
        Check.require(projSize >= 0, "RNNOptions", () -> "projSize must be a positive integer, or 0 for no "
                + "projection, got " + projSize);
    }

    public RNNOptions withNumLayers(int value) {
        return new RNNOptions(value, bias, batchFirst, dropout, bidirectional, projSize, dropoutRng);
    }

    public RNNOptions withBias(boolean value) {
        return new RNNOptions(numLayers, value, batchFirst, dropout, bidirectional, projSize, dropoutRng);
    }

    public RNNOptions withBatchFirst(boolean value) {
        return new RNNOptions(numLayers, bias, value, dropout, bidirectional, projSize, dropoutRng);
    }

    /** Dropout between layers, masks from the global generator. */
    public RNNOptions withDropout(double p) {
        return new RNNOptions(numLayers, bias, batchFirst, p, bidirectional, projSize, dropoutRng);
    }

    /** Dropout between layers, masks from {@code rng} (so runs reproduce). */
    public RNNOptions withDropout(double p, Rng rng) {
        return new RNNOptions(numLayers, bias, batchFirst, p, bidirectional, projSize, rng);
    }

    public RNNOptions withBidirectional(boolean value) {
        return new RNNOptions(numLayers, bias, batchFirst, dropout, value, projSize, dropoutRng);
    }

    /** LSTM only: hidden states projected to {@code size} features ({@code weight_hr_l{k} [size, hiddenSize]}). */
    public RNNOptions withProjSize(int size) {
        return new RNNOptions(numLayers, bias, batchFirst, dropout, bidirectional, size, dropoutRng);
    }

    int directions() {
        return bidirectional ? 2 : 1;
    }

    /** The non-default settings, PyTorch-style: {@code , numLayers=2, batchFirst=true}. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        if (numLayers != 1) {
            sb.append(", numLayers=").append(numLayers);
        }
        if (!bias) {
            sb.append(", bias=false");
        }
        if (batchFirst) {
            sb.append(", batchFirst=true");
        }
        if (dropout != 0) {
            sb.append(", dropout=").append(dropout);
        }
        if (bidirectional) {
            sb.append(", bidirectional=true");
        }
        if (projSize != 0) {
            sb.append(", projSize=").append(projSize);
        }
        return sb.toString();
    }
}

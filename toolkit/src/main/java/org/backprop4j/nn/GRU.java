package org.backprop4j.nn;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.tensor.Tensor;

/**
 * Gated recurrent unit layers (Cho et al., 2014), with PyTorch's gates {@code r, z, n}:
 * <pre>
 * r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)      z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
 * n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))   h' = (1 - z) * n + z * h
 * </pre>
 * stacked and optionally bidirectional (see {@link RNNBase} for shapes and parameter names).
 *
 * {@snippet file="NnSnippets.java" region="gru"}
 */
public class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, RNNOptions.DEFAULT);
    }

    /** @throws IllegalArgumentException if a size is not positive */
    public GRU(int inputSize, int hiddenSize, RNNOptions options) {
        super("GRU", Cell.GRU, inputSize, hiddenSize, options);
    }

    /**
     * Runs the layer from the initial hidden state {@code h0} ({@code [numLayers * numDirections, N, H]}; null for
     * zeros).
     *
     * @throws IllegalArgumentException if the input's rank, feature size or dtype, or h0's shape, does not fit; the
     *                                  message names the layer's path and both shapes
     */
    public Output forward(Tensor input, Tensor h0) {
        Tensor[] r = run(input, h0, null);
        return new Output(r[0], r[1]);
    }

    /**
     * Runs the layer over a packed batch, each sequence for its own length, from {@code h0} (in the batch's original
     * order; null for zeros). The final states come back in the original order.
     *
     * @throws IllegalArgumentException if the packed data's feature size or dtype, or h0's shape, does not fit
     */
    public PackedOutput forward(PackedSequence input, Tensor h0) {
        Tensor[] r = run(input, h0, null);
        return new PackedOutput(input.withData(r[0]), r[1]);
    }

    /** The output sequence, from zero initial state (so the layer works in {@link Sequential}). */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null).output();
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.tensor.Tensor;

/**
 * Elman recurrent layers: {@code h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} with act tanh (default) or
 * relu, stacked and optionally bidirectional (see {@link RNNBase} for shapes and parameter names).
 *
 * {@snippet file="NnSnippets.java" region="rnn"}
 */
public class RNN extends RNNBase {
    /** The activation of the recurrence. */
    public enum Nonlinearity { TANH, RELU }

    final Nonlinearity nonlinearity;

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, RNNOptions.DEFAULT);
    }

    public RNN(int inputSize, int hiddenSize, RNNOptions options) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, options);
    }

    /** @throws IllegalArgumentException if a size is not positive */
    public RNN(int inputSize, int hiddenSize, Nonlinearity nonlinearity, RNNOptions options) {
        super("RNN", nonlinearity == Nonlinearity.RELU ? Cell.RELU : Cell.TANH, inputSize, hiddenSize,
                options);
        this.nonlinearity = nonlinearity;
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

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == Nonlinearity.RELU ? ", nonlinearity=relu" : "");
    }
}

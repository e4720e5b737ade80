package org.backprop4j.nn;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.tensor.Tensor;

/**
 * Long short-term memory layers (Hochreiter and Schmidhuber, 1997), with PyTorch's gates {@code i, f, g, o}:
 * <pre>
 * i, f, o = sigmoid(x W_i{i,f,o}^T + b_i{i,f,o} + h W_h{i,f,o}^T + b_h{i,f,o})
 * g = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)       c' = f * c + i * g       h' = o * tanh(c')
 * </pre>
 * stacked and optionally bidirectional, and with {@code RNNOptions.withProjSize(P)} projected:
 * {@code h' = (o * tanh(c')) W_hr^T} of P features (see {@link RNNBase} for shapes and parameter names; the cell
 * state is {@code [.., N, H]}, the hidden state {@code [.., N, P]} with a projection, else {@code [.., N, H]}).
 *
 * {@snippet file="NnSnippets.java" region="lstm"}
 */
public class LSTM extends RNNBase {
    /**
     * Hidden and cell state, {@code [numLayers * numDirections, N, R]} and {@code [.., N, H]} (R = projSize or H;
     * unbatched without N).
     */
    public record State(Tensor h, Tensor c) {
    }

    /** The output sequence {@code [L, N, D*R]} and the final hidden and cell states. */
    public record Output(Tensor output, Tensor h, Tensor c) {
        /** The final states, to start the next chunk of a sequence from. */
        public State state() {
            return new State(h, c);
        }
    }

    /** The packed output sequence and each sequence's final hidden and cell states, in the batch's original order. */
    public record PackedOutput(PackedSequence output, Tensor h, Tensor c) {
        /** The final states. */
        public State state() {
            return new State(h, c);
        }
    }

    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, RNNOptions.DEFAULT);
    }

    /** @throws IllegalArgumentException if a size is not positive */
    public LSTM(int inputSize, int hiddenSize, RNNOptions options) {
        super("LSTM", Cell.LSTM, inputSize, hiddenSize, options);
    }

    /**
     * Runs the layer from {@code state} (null for zeros).
     *
     * @throws IllegalArgumentException if the input's rank, feature size or dtype, or a state's shape, does not fit
     *                                  (the message names the layer's path and both shapes), or only one of the
     *                                  state's tensors is given
     */
    public Output forward(Tensor input, State state) {
        Tensor h0 = state == null ? null : state.h();
        Tensor c0 = state == null ? null : state.c();
        requireBothOrNeither(h0, c0);
        Tensor[] r = run(input, h0, c0);
        return new Output(r[0], r[1], r[2]);
    }

    /**
     * Runs the layer over a packed batch, each sequence for its own length, from {@code state} (in the batch's
     * original order; null for zeros). The final states come back in the original order.
     *
     * @throws IllegalArgumentException if the packed data's feature size or dtype, or a state's shape, does not fit,
     *                                  or only one of the state's tensors is given
     */
    public PackedOutput forward(PackedSequence input, State state) {
        Tensor h0 = state == null ? null : state.h();
        Tensor c0 = state == null ? null : state.c();
        requireBothOrNeither(h0, c0);
        Tensor[] r = run(input, h0, c0);
        return new PackedOutput(input.withData(r[0]), r[1], r[2]);
    }

    /** The output sequence, from zero initial states (so the layer works in {@link Sequential}). */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null).output();
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.tensor.Tensor;

/**
 * One step of an {@link LSTM} (gates {@code i, f, g, o}). See {@link RNNCellBase} for shapes and parameter names.
 *
 * {@snippet file="NnSnippets.java" region="lstmCell"}
 */
public class LSTMCell extends RNNCellBase {
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** @throws IllegalArgumentException if a size is not positive */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias) {
        super("LSTMCell", Cell.LSTM, inputSize, hiddenSize, bias);
    }

    /**
     * The next hidden and cell states from {@code state} (null for zeros).
     *
     * @throws IllegalArgumentException if the input's rank, feature size or dtype, or a state's shape, does not fit,
     *                                  or only one of the state's tensors is given
     */
    public LSTM.State forward(Tensor input, LSTM.State state) {
        Tensor h = state == null ? null : state.h();
        Tensor c = state == null ? null : state.c();
        if ((h == null) != (c == null)) {
            throw new IllegalArgumentException(describe() + ": expected both hx and cx, or neither, got only "
                    + (h == null ? "cx" : "hx"));
        }
        Tensor[] out = step(input, h, c);
        return new LSTM.State(out[0], out[1]);
    }

    /** The next hidden state from zero states (the cell state is dropped). */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null).h();
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.tensor.Tensor;

/**
 * One step of an Elman RNN: {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)}, act tanh (default) or relu. See
 * {@link RNNCellBase} for shapes and parameter names.
 *
 * {@snippet file="NnSnippets.java" region="rnnCell"}
 */
public class RNNCell extends RNNCellBase {
    final RNN.Nonlinearity nonlinearity;

    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, RNN.Nonlinearity.TANH);
    }

    /** @throws IllegalArgumentException if a size is not positive */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, RNN.Nonlinearity nonlinearity) {
        super("RNNCell", nonlinearity == RNN.Nonlinearity.RELU ? Cell.RELU : Cell.TANH,
                inputSize, hiddenSize, bias);
        this.nonlinearity = nonlinearity;
    }

    /**
     * The next hidden state from {@code hx} (null for zeros).
     *
     * @throws IllegalArgumentException if the input's rank, feature size or dtype, or hx's shape, does not fit
     */
    public Tensor forward(Tensor input, Tensor hx) {
        return step(input, hx, null)[0];
    }

    /** The next hidden state from zeros. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == RNN.Nonlinearity.RELU ? ", nonlinearity=relu" : "");
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.tensor.Tensor;

/**
 * One step of a {@link GRU} (gates {@code r, z, n}, the reset gate applied to {@code h W_hn^T + b_hn}). See
 * {@link RNNCellBase} for shapes and parameter names.
 */
public class GRUCell extends RNNCellBase {
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** @throws IllegalArgumentException if a size is not positive */
    public GRUCell(int inputSize, int hiddenSize, boolean bias) {
        super("GRUCell", Cell.GRU, inputSize, hiddenSize, bias);
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
}

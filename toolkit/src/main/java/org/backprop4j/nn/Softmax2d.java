package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** Softmax over the channels of every position: dimension -3 of a {@code [N, C, H, W]} or {@code [C, H, W]} input. */
public class Softmax2d extends Module {
    /** @throws IllegalArgumentException unless the input has rank 3 or 4 */
    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException(describe() + ": expected a [N, C, H, W] or [C, H, W] input (rank 4 or "
                    + "3), got shape " + input.shape());
        }
        return input.softmax(-3);
    }
}

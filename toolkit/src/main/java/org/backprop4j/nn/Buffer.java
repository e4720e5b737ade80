package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * State a {@link Module} keeps that is not learned by gradients (BatchNorm's running statistics): saved in the
 * state dict, updated in place, never returned by {@link Module#parameters()}.
 */
public final class Buffer extends Tensor {
    public Buffer(Tensor data) {
        super(data);
    }
}

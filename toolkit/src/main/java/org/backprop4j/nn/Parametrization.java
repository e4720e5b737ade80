package org.backprop4j.nn;

import java.util.List;

import org.backprop4j.tensor.Tensor;

/**
 * A module that computes a layer's tensor from other tensors, registered with {@link Parametrizations#register}
 * (PyTorch's {@code torch.nn.utils.parametrize}): the layer then computes with {@code forward(originals)} in place of
 * its own parameter, and the originals are what is learned and saved ({@code parametrizations.weight.original}).
 * {@link WeightNorm} and {@link SpectralNorm} are parametrizations; others are written by overriding
 * {@link #forward(List)} and, when the originals are not the value itself, {@link #rightInverse(Tensor)}.
 *
 * {@snippet file="SpatialSnippets.java" region="parametrization"}
 * {@snippet file="SpatialSnippets.java" region="register"}
 */
public abstract class Parametrization extends Module {
    /**
     * The parametrized value from the originals: the first parametrization of a chain gets every original (as many
     * as {@link #rightInverse} returns), the others the previous one's output alone.
     */
    public abstract Tensor forward(List<Tensor> originals);

    /**
     * Originals that give {@code value} (PyTorch's {@code right_inverse}), used once when the parametrization is
     * registered; by default the value itself.
     */
    public List<Tensor> rightInverse(Tensor value) {
        return List.of(value);
    }
}

package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * A tensor a {@link Module} learns: a leaf that requires grad, found by {@link Module#parameters()} when a module
 * holds it in a field. It shares storage with the tensor it is made from.
 *
 * {@snippet file="NnSnippets.java" region="parameter"}
 */
public final class Parameter extends Tensor {
    /** A parameter over {@code data}'s storage that requires grad. */
    public Parameter(Tensor data) {
        this(data, true);
    }

    /** A parameter over {@code data}'s storage; frozen when {@code requiresGrad} is false. */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data);
        requiresGrad(requiresGrad);
    }
}

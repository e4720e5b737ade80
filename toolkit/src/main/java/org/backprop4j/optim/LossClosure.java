package org.backprop4j.optim;

import org.backprop4j.tensor.Tensor;

/**
 * Re-evaluates the model for {@link Optimizer#step(LossClosure)}: clears the gradients, computes the loss, calls
 * {@code backward()} and returns the loss. It runs with grad mode on, whatever the caller's mode.
 *
 * {@snippet file="OptimSnippets.java" region="closure"}
 */
@FunctionalInterface
public interface LossClosure {
    /** The loss as a one-element tensor, after its backward pass. */
    Tensor evaluate();
}

package org.backprop4j.autograd;

/**
 * What a derivative rule may ask of its op: the tensors it saved, and which inputs need a gradient at all.
 *
 * @param <V> the tensor type
 */
public interface BackwardContext<V extends Variable<V>> {
    /**
     * The {@code i}-th tensor the op saved for backward.
     *
     * @throws AutogradException if the graph was freed by an earlier backward, or the tensor was since modified in
     *                           place
     */
    V saved(int i);

    /**
     * Whether input {@code i}'s gradient is used; a rule may return null for an input that needs none instead of
     * computing it (PyTorch's {@code needs_input_grad}).
     */
    boolean needsGrad(int i);

    /**
     * A buffer of input {@code i}'s shape and dtype that the rule may fill with that input's whole gradient (every
     * element written; its old values are stale) and return in place of a new tensor, or null when there is none.
     * The engine lends a leaf's previous gradient this way once {@code zeroGrad()} cleared it, so a training step
     * does not allocate its weight gradients again.
     */
    default V gradBuffer(int i) {
        return null;
    }
}

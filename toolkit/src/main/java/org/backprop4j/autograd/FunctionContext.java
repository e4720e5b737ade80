package org.backprop4j.autograd;

/**
 * What a {@link CustomFunction}'s forward keeps for its backward.
 *
 * @param <V> the tensor type
 */
public final class FunctionContext<V extends Variable<V>> {
    private V[] toSave;
    private BackwardContext<V> backward;

    FunctionContext() {
    }

    /** Keeps tensors for backward; modifying them in place before backward is then an error. */
    @SafeVarargs
    public final void saveForBackward(V... tensors) {
        this.toSave = tensors.clone();
    }

    /**
     * The {@code i}-th tensor passed to {@link #saveForBackward}.
     *
     * @throws AutogradException if called outside backward, after the graph was freed, or after the tensor was
     *                           modified in place
     */
    public V saved(int i) {
        if (backward == null) {
            throw new AutogradException("saved(" + i + "): saved tensors are available only inside backward");
        }
        return backward.saved(i);
    }

    /** What forward saved; none when it saved nothing. */
    V[] savedArray(V[] none) {
        return toSave == null ? none : toSave;
    }

    /**
     * Whether input {@code i} needs a gradient; backward may return null for it otherwise.
     *
     * @throws AutogradException if called outside backward
     */
    public boolean needsInputGrad(int i) {
        if (backward == null) {
            throw new AutogradException("needsInputGrad(" + i + "): available only inside backward");
        }
        return backward.needsGrad(i);
    }

    void bind(BackwardContext<V> ctx) {
        this.backward = ctx;
    }
}

package org.backprop4j.autograd;

import org.backprop4j.tensor.Tensor;

/** What a {@link CustomFunction}'s forward keeps for its backward. */
public final class FunctionContext {
    private Tensor[] toSave = new Tensor[0];
    private BackwardContext backward;

    FunctionContext() {
    }

    /** Keeps tensors for backward; modifying them in place before backward is then an error. */
    public void saveForBackward(Tensor... tensors) {
        this.toSave = tensors.clone();
    }

    /**
     * The {@code i}-th tensor passed to {@link #saveForBackward}.
     *
     * @throws AutogradException if called outside backward, after the graph was freed, or after the tensor was
     *                           modified in place
     */
    public Tensor saved(int i) {
        if (backward == null) {
            throw new AutogradException("saved(" + i + "): saved tensors are available only inside backward");
        }
        return backward.saved(i);
    }

    Tensor[] savedArray() {
        return toSave;
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

    void bind(BackwardContext ctx) {
        this.backward = ctx;
    }
}

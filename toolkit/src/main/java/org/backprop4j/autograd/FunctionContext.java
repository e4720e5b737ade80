package org.backprop4j.autograd;

import org.backprop4j.tensor.Tensor;

/** What a {@link CustomFunction}'s forward keeps for its backward. */
public final class FunctionContext {
    private Tensor[] toSave = new Tensor[0];
    private SavedTensors saved;

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
        if (saved == null) {
            throw new AutogradException("saved(" + i + "): saved tensors are available only inside backward");
        }
        return saved.get(i);
    }

    Tensor[] savedArray() {
        return toSave;
    }

    void bind(SavedTensors s) {
        this.saved = s;
    }
}

package org.backprop4j.optim;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/**
 * A tensor's elements as one array indexed from 0, for writing in place: the tensor's own array when its elements
 * are the start of its storage in order, else a contiguous copy that {@link #writeBack()} copies into it. The array
 * comes from {@code Storage.writable*()}, taken here once, so the version counter that autograd checks moves
 * whatever the writer does.
 *
 * <p>Why from index 0: C2 vectorizes the update loops only when every array is indexed alike; with different
 * offsets into arrays that might be the same it cannot rule out a dependence between iterations.
 */
final class WritableElements {
    private final Tensor target;
    private final Tensor data;
    private final float[] floats;
    private final double[] doubles;

    private WritableElements(Tensor target) {
        this.target = target;
        this.data = flat(target);
        boolean float32 = data.dtype() == DType.FLOAT32; // one writable call: each bumps the version
        this.floats = float32 ? data.storage().writableFloats() : null;
        this.doubles = float32 ? null : data.storage().writableDoubles();
    }

    /** The elements of {@code t}, a float32 or float64 tensor, for a write that ends with {@link #writeBack()}. */
    static WritableElements of(Tensor t) {
        return new WritableElements(t);
    }

    /** {@code t} itself when its elements are the start of its storage in order, else such a copy; for reading. */
    static Tensor flat(Tensor t) {
        return t.offset() == 0 && t.isContiguous() ? t : StateEntries.snapshot(t);
    }

    /** The float32 elements; null unless the tensor is float32. */
    float[] floats() {
        return floats;
    }

    /** The float64 elements; null unless the tensor is float64. */
    double[] doubles() {
        return doubles;
    }

    /** Copies the written elements into the tensor when they were a copy; nothing to do otherwise. */
    void writeBack() {
        if (data != target) {
            target.copyFrom(data);
        }
    }
}

package org.backprop4j.array.internal;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.array.StridedArray;

/**
 * A contiguous array with no autograd part: the kernels' own buffers and results, which the op families wrap into
 * tensors ({@code Tensor.of(d.storage(), d.shape())}) without copying.
 */
public final class DenseArray extends StridedArray {
    private DenseArray(Storage storage, Shape shape) {
        super(storage, shape, shape.contiguousStrides(), 0);
    }

    /** A zero-filled array of {@code dtype} and {@code shape}. */
    public static DenseArray zeros(DType dtype, Shape shape) {
        return new DenseArray(Storage.allocate(dtype, shape.numel()), shape);
    }

    /**
     * {@code storage} viewed with {@code shape}.
     *
     * @throws IllegalArgumentException if the storage does not hold exactly {@code shape.numel()} elements
     */
    public static DenseArray of(Storage storage, Shape shape) {
        if (storage.length() != shape.numel()) {
            throw new IllegalArgumentException("DenseArray.of: storage holds " + storage.length()
                    + " elements but shape " + shape + " needs " + shape.numel());
        }
        return new DenseArray(storage, shape);
    }
}

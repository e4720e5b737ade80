package org.backprop4j.array;

import org.backprop4j.array.internal.Elements;

/**
 * The data of a tensor without its autograd part: a strided view of a {@link Storage}, with the {@link Shape}, the
 * stride of each dimension (in elements) and the offset of the first element. Transposes, slices, expansions and
 * reshapes of contiguous data are views that share storage. This class only reads; every op lives on
 * {@code Tensor}, which extends it.
 */
public abstract class StridedArray {
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    /** A view; the caller has checked that it stays inside {@code storage} and keeps {@code strides} unshared. */
    protected StridedArray(Storage storage, Shape shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    public final DType dtype() {
        return storage.dtype();
    }

    public final Shape shape() {
        return shape;
    }

    /** The rank (number of dimensions), like PyTorch's {@code dim()}. */
    public final int dim() {
        return shape.rank();
    }

    /** The extent of dimension {@code d}; negative values count from the end. */
    public final int size(int d) {
        return shape.dim(d);
    }

    public final int numel() {
        return shape.numel();
    }

    /** The storage this view reads; writes that bypass autograd go through {@link Storage#writable()}. */
    public final Storage storage() {
        return storage;
    }

    /** The storage index of the first element. */
    public final int offset() {
        return offset;
    }

    /** The stride of every dimension, in elements (a copy). */
    public final int[] strides() {
        return strides.clone();
    }

    /** The stride of dimension {@code d}, in elements; negative values count from the end. */
    public final int stride(int d) {
        return strides[shape.normalize(d)];
    }

    /** True when the elements lie in row-major order without gaps (so {@code view} can reshape freely). */
    public final boolean isContiguous() {
        int expected = 1;
        for (int d = shape.rank() - 1; d >= 0; d--) {
            int n = shape.dimsUnsafe()[d];
            if (n != 1 && strides[d] != expected) {
                return false;
            }
            expected *= n;
        }
        return true;
    }

    /**
     * The value of a one-element tensor.
     *
     * @throws IllegalStateException if the tensor has more than one element
     */
    public final double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + shape + " has " + numel()
                    + " elements; only a one-element tensor converts to a number");
        }
        return storage.getDouble(offset);
    }

    /**
     * The element at the given indices (one per dimension; negative values count from the end).
     *
     * @throws IllegalArgumentException if the number of indices differs from the rank
     * @throws IndexOutOfBoundsException if an index is out of range for its dimension
     */
    public final double get(int... index) {
        return storage.getDouble(Elements.flatIndex(this, index));
    }

    /** The elements in row-major order, converted to float. */
    public final float[] toFloatArray() {
        return Elements.toFloats(this);
    }

    /** The elements in row-major order, converted to double. */
    public final double[] toDoubleArray() {
        return Elements.toDoubles(this);
    }

    /** The elements in row-major order, converted to long. */
    public final long[] toLongArray() {
        return Elements.toLongs(this);
    }

    /** The elements in row-major order as booleans (non-zero is true). */
    public final boolean[] toBooleanArray() {
        return Elements.toBooleans(this);
    }
}

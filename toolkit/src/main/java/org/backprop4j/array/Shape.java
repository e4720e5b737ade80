package org.backprop4j.array;

import java.util.Arrays;

/**
 * The immutable extents of a tensor, outermost dimension first. A rank-0 shape ({@code []}) is a scalar.
 *
 * {@snippet file="CoreSnippets.java" region="shape"}
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than 2^31-1 elements, which one tensor cannot hold");
            }
        }
        this.numel = (int) n;
    }

    /**
     * @throws IllegalArgumentException if a dimension is negative or the element count overflows an int
     */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": dimension " + d
                        + " is negative");
            }
        }
        return new Shape(dims.clone());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public int numel() {
        return numel;
    }

    /**
     * The extent of dimension {@code d}; negative values count from the end.
     *
     * @throws IllegalArgumentException if {@code d} is outside {@code [-rank, rank)}
     */
    public int dim(int d) {
        return dims[normalize(d)];
    }

    /** A copy of the dimensions. */
    public int[] toArray() {
        return dims.clone();
    }

    /**
     * Maps a possibly negative dimension index to {@code [0, rank)}.
     *
     * @throws IllegalArgumentException if {@code d} is outside {@code [-rank, rank)}
     */
    public int normalize(int d) {
        int r = dims.length;
        if (d < -r || d >= r) {
            throw new IllegalArgumentException("dimension " + d + " is out of range for shape " + this
                    + " (expected a value in [" + (-r) + ", " + (r - 1) + "])");
        }
        return d < 0 ? d + r : d;
    }

    /** Row-major (C-order) strides for this shape. */
    public int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    /** This shape with dimension {@code d} replaced by {@code size}. */
    public Shape with(int d, int size) {
        int[] copy = dims.clone();
        copy[normalize(d)] = size;
        return of(copy);
    }

    /** Package-private view of the dimensions without copying; callers must not modify it. */
    int[] dimsUnsafe() {
        return dims;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Like PyTorch's {@code torch.Size}: {@code [2, 3]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}

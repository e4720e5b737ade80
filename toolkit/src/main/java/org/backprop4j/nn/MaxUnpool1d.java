package org.backprop4j.nn;

/**
 * The partial inverse of {@link MaxPool1d}: every value of {@code [N, C, L]} (or unbatched) written at its index (from
 * {@code MaxPool1d.forwardWithIndices}) in a zero output of size {@code (S - 1) stride - 2 padding + kernel} per
 * dimension, or the size given to {@link #forward(org.backprop4j.tensor.Tensor, org.backprop4j.tensor.Tensor, int...)}.
 * Stride defaults to the kernel size.
 *
 * {@snippet file="SpatialSnippets.java" region="unpool1d"}
 */
public class MaxUnpool1d extends MaxUnpoolNd {
    public MaxUnpool1d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** PyTorch's positional {@code MaxUnpool1d(kernel_size, stride, padding)}. */
    public MaxUnpool1d(int kernel, int stride, int padding) {
        this(rep(kernel), rep(stride), rep(padding));
    }

    /** One kernel size, stride and padding per spatial dimension (PyTorch's tuples). */
    public MaxUnpool1d(int[] kernel, int[] stride, int[] padding) {
        super("MaxUnpool1d", Sizes.resolve("MaxUnpool1d", "kernel size", kernel, 1), stride, padding);
    }

    private static int[] rep(int v) {
        return new int[] {v};
    }
}

package org.backprop4j.nn;

/**
 * The partial inverse of {@link MaxPool2d}: every value of {@code [N, C, H, W]} (or unbatched) written at its index
 * (from {@code MaxPool2d.forwardWithIndices}) in a zero output of size {@code (S - 1) stride - 2 padding + kernel} per
 * dimension, or the size given to {@link #forward(org.backprop4j.tensor.Tensor, org.backprop4j.tensor.Tensor, int...)}.
 * Stride defaults to the kernel size.
 *
 * {@snippet file="SpatialSnippets.java" region="unpool2d"}
 */
public class MaxUnpool2d extends MaxUnpoolNd {
    public MaxUnpool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** PyTorch's positional {@code MaxUnpool2d(kernel_size, stride, padding)}. */
    public MaxUnpool2d(int kernel, int stride, int padding) {
        this(rep(kernel), rep(stride), rep(padding));
    }

    /** One kernel size, stride and padding per spatial dimension (PyTorch's tuples). */
    public MaxUnpool2d(int[] kernel, int[] stride, int[] padding) {
        super("MaxUnpool2d", Sizes.resolve("MaxUnpool2d", "kernel size", kernel, 2), stride, padding);
    }

    private static int[] rep(int v) {
        return new int[] {v};
    }
}

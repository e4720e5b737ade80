package org.backprop4j.nn;

/**
 * The partial inverse of {@link MaxPool3d}: every value of {@code [N, C, D, H, W]} (or unbatched) written at its index
 * (from {@code MaxPool3d.forwardWithIndices}) in a zero output of size {@code (S - 1) stride - 2 padding + kernel} per
 * dimension, or the size given to {@link #forward(org.backprop4j.tensor.Tensor, org.backprop4j.tensor.Tensor, int...)}.
 * Stride defaults to the kernel size.
 *
 * {@snippet file="SpatialSnippets.java" region="unpool3d"}
 */
public class MaxUnpool3d extends MaxUnpoolNd {
    public MaxUnpool3d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** PyTorch's positional {@code MaxUnpool3d(kernel_size, stride, padding)}. */
    public MaxUnpool3d(int kernel, int stride, int padding) {
        this(rep(kernel), rep(stride), rep(padding));
    }

    /** One kernel size, stride and padding per spatial dimension (PyTorch's tuples). */
    public MaxUnpool3d(int[] kernel, int[] stride, int[] padding) {
        super("MaxUnpool3d", Sizes.resolve("MaxUnpool3d", "kernel size", kernel, 3), stride, padding);
    }

    private static int[] rep(int v) {
        return new int[] {v};
    }
}

package org.backprop4j.nn;

/**
 * Max over windows of {@code [N, C, H, W]} (or {@code [C, H, W]}); stride defaults to the kernel size. Output size per
 * dimension {@code floor((S + 2 padding - dilation (k - 1) - 1) / stride) + 1}, or rounded up in ceil mode (the last
 * window starting inside the input or its left padding). {@link #forwardWithIndices} also returns where the maxima
 * came from, for {@link MaxUnpool2d}.
 */
public class MaxPool2d extends MaxPoolNd {
    public MaxPool2d(int kernel) {
        this(kernel, PoolOptions.DEFAULT);
    }

    /** PyTorch's positional {@code MaxPool2d(kernel_size, stride, padding)}. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, 1);
    }

    /** PyTorch's positional {@code MaxPool2d(kernel_size, stride, padding, dilation)}. */
    public MaxPool2d(int kernel, int stride, int padding, int dilation) {
        this(kernel, PoolOptions.DEFAULT.withStride(stride).withPadding(padding).withDilation(dilation));
    }

    public MaxPool2d(int kernel, PoolOptions options) {
        this(kernel, kernel, options);
    }

    /** A {@code kernelH x kernelW} window (PyTorch's {@code kernel_size=(kH, kW)}). */
    public MaxPool2d(int kernelH, int kernelW, PoolOptions options) {
        super("MaxPool2d", new int[] {kernelH, kernelW}, options);
    }
}

package org.backprop4j.nn;

/**
 * Max over windows of length {@code k} along the last dimension of {@code [N, C, L]} (or {@code [C, L]}); stride
 * defaults to the kernel size. Output length {@code floor((L + 2 padding - dilation (k - 1) - 1) / stride) + 1}, or
 * rounded up in ceil mode. {@link #forwardWithIndices} also returns where the maxima came from.
 */
public class MaxPool1d extends MaxPoolNd {
    public MaxPool1d(int kernel) {
        this(kernel, PoolOptions.DEFAULT);
    }

    /** PyTorch's positional {@code MaxPool1d(kernel_size, stride, padding, dilation)}. */
    public MaxPool1d(int kernel, int stride, int padding, int dilation) {
        this(kernel, PoolOptions.DEFAULT.withStride(stride).withPadding(padding).withDilation(dilation));
    }

    public MaxPool1d(int kernel, PoolOptions options) {
        super("MaxPool1d", new int[] {kernel}, options);
    }
}

package org.backprop4j.nn;

/**
 * Mean over windows of length {@code k} along the last dimension of {@code [N, C, L]} (or {@code [C, L]}); stride
 * defaults to the kernel size, and zero padding counts in the divisor unless {@code countIncludePad} is false
 * (PyTorch's default: true).
 */
public class AvgPool1d extends AvgPoolNd {
    public AvgPool1d(int kernel) {
        this(kernel, PoolOptions.DEFAULT);
    }

    /** PyTorch's positional {@code AvgPool1d(kernel_size, stride, padding)} with {@code count_include_pad}. */
    public AvgPool1d(int kernel, int stride, int padding, boolean countIncludePad) {
        this(kernel, PoolOptions.DEFAULT.withStride(stride).withPadding(padding).withCountIncludePad(countIncludePad));
    }

    public AvgPool1d(int kernel, PoolOptions options) {
        super("AvgPool1d", new int[] {kernel}, options);
    }
}

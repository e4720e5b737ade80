package org.backprop4j.nn;

/**
 * Mean over windows of {@code [N, C, H, W]} (or {@code [C, H, W]}); stride defaults to the kernel size. The divisor
 * is the window's size clipped to the padded input (PyTorch's default {@code countIncludePad}), or to the input alone,
 * or a fixed {@code divisorOverride}.
 */
public class AvgPool2d extends AvgPoolNd {
    public AvgPool2d(int kernel) {
        this(kernel, PoolOptions.DEFAULT);
    }

    /** PyTorch's positional {@code AvgPool2d(kernel_size, stride, padding)} with {@code count_include_pad}. */
    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this(kernel, PoolOptions.DEFAULT.withStride(stride).withPadding(padding).withCountIncludePad(countIncludePad));
    }

    public AvgPool2d(int kernel, PoolOptions options) {
        this(kernel, kernel, options);
    }

    /** A {@code kernelH x kernelW} window (PyTorch's {@code kernel_size=(kH, kW)}). */
    public AvgPool2d(int kernelH, int kernelW, PoolOptions options) {
        super("AvgPool2d", new int[] {kernelH, kernelW}, options);
    }
}

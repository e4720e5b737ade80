package org.backprop4j.nn;

/**
 * Mean over windows of {@code [N, C, D, H, W]} (or {@code [C, D, H, W]}); stride defaults to the kernel size. The
 * divisor is the window's size clipped to the padded input (PyTorch's default {@code countIncludePad}), or to the
 * input alone, or a fixed {@code divisorOverride}.
 */
public class AvgPool3d extends AvgPoolNd {
    public AvgPool3d(int kernel) {
        this(kernel, PoolOptions.DEFAULT);
    }

    public AvgPool3d(int kernel, PoolOptions options) {
        this(kernel, kernel, kernel, options);
    }

    /** A {@code kernelD x kernelH x kernelW} window (PyTorch's {@code kernel_size=(kD, kH, kW)}). */
    public AvgPool3d(int kernelD, int kernelH, int kernelW, PoolOptions options) {
        super("AvgPool3d", new int[] {kernelD, kernelH, kernelW}, options);
    }
}

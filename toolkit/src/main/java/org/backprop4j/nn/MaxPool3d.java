package org.backprop4j.nn;

/**
 * Max over windows of {@code [N, C, D, H, W]} (or {@code [C, D, H, W]}); stride defaults to the kernel size. Output
 * size per dimension {@code floor((S + 2 padding - dilation (k - 1) - 1) / stride) + 1}, or rounded up in ceil mode.
 * {@link #forwardWithIndices} also returns where the maxima came from, for {@link MaxUnpool3d}.
 */
public class MaxPool3d extends MaxPoolNd {
    public MaxPool3d(int kernel) {
        this(kernel, PoolOptions.DEFAULT);
    }

    public MaxPool3d(int kernel, PoolOptions options) {
        this(kernel, kernel, kernel, options);
    }

    /** A {@code kernelD x kernelH x kernelW} window (PyTorch's {@code kernel_size=(kD, kH, kW)}). */
    public MaxPool3d(int kernelD, int kernelH, int kernelW, PoolOptions options) {
        super("MaxPool3d", new int[] {kernelD, kernelH, kernelW}, options);
    }
}

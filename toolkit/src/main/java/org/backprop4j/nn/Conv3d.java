package org.backprop4j.nn;

/**
 * 3-D convolution over {@code [N, C, D, H, W]} (vol2col plus one GEMM per group). Weight
 * {@code [out, in / groups, kD, kH, kW]}, bias {@code [out]}; initialized as PyTorch: uniform on
 * {@code +-1/sqrt(fanIn)}, fanIn = in / groups * kD * kH * kW. Output size per dimension
 * {@code floor((S + 2 padding - dilation (k - 1) - 1) / stride) + 1}.
 *
 * {@snippet file="SpatialSnippets.java" region="conv3d"}
 */
public class Conv3d extends ConvNd {
    public Conv3d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT);
    }

    public Conv3d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, kernel, kernel, kernel, options);
    }

    /** A {@code kernelD x kernelH x kernelW} kernel (PyTorch's {@code kernel_size=(kD, kH, kW)}). */
    public Conv3d(int inChannels, int outChannels, int kernelD, int kernelH, int kernelW, ConvOptions options) {
        super("Conv3d", inChannels, outChannels, new int[] {kernelD, kernelH, kernelW}, options, false);
    }
}

package org.backprop4j.nn;

/**
 * 2-D convolution over {@code [N, C, H, W]} (im2col plus one GEMM per group). Weight {@code [out, in / groups, kH,
 * kW]}, bias {@code [out]}; initialized as PyTorch: uniform on {@code +-1/sqrt(fanIn)}, fanIn = in / groups * kH * kW.
 * Output size per dimension {@code floor((S + 2 padding - dilation (k - 1) - 1) / stride) + 1}.
 */
public class Conv2d extends ConvNd {
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, kernel, ConvOptions.DEFAULT);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, kernel, kernel, options);
    }

    /** A {@code kernelH x kernelW} kernel (PyTorch's {@code kernel_size=(kH, kW)}). */
    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, ConvOptions options) {
        super("Conv2d", inChannels, outChannels, new int[] {kernelH, kernelW}, options, false);
    }
}

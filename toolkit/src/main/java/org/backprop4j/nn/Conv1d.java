package org.backprop4j.nn;

/**
 * 1-D convolution over {@code [N, C, L]} (im2col plus one GEMM per group). Weight {@code [out, in / groups, k]},
 * bias {@code [out]}; initialized as PyTorch: uniform on {@code +-1/sqrt(fanIn)}, fanIn = in / groups * k.
 * Output length {@code floor((L + 2 padding - dilation (k - 1) - 1) / stride) + 1}.
 */
public class Conv1d extends ConvNd {
    public Conv1d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT);
    }

    public Conv1d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        super("Conv1d", inChannels, outChannels, new int[] {kernel}, options, false);
    }
}

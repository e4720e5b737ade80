package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * Transposed 3-D convolution (the adjoint of {@link Conv3d}, used to upsample volumes) over {@code [N, C, D, H, W]}:
 * weight {@code [in, out / groups, kD, kH, kW]}, bias {@code [out]}; output size per dimension
 * {@code (S - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}. Initialized as PyTorch (fan-in from the
 * weight's second dimension).
 */
public class ConvTranspose3d extends ConvNd {
    public ConvTranspose3d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT);
    }

    public ConvTranspose3d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, kernel, kernel, kernel, options);
    }

    /** A {@code kernelD x kernelH x kernelW} kernel (PyTorch's {@code kernel_size=(kD, kH, kW)}). */
    public ConvTranspose3d(int inChannels, int outChannels, int kernelD, int kernelH, int kernelW,
            ConvOptions options) {
        super("ConvTranspose3d", inChannels, outChannels, new int[] {kernelD, kernelH, kernelW}, options, true);
    }

    /**
     * PyTorch's {@code forward(input, output_size)}: the output padding that gives {@code outputSize}
     * ({@code [D, H, W]} or the whole {@code [N, C, D, H, W]}).
     *
     * @throws IllegalArgumentException if no output padding below the stride gives that size
     */
    public Tensor forward(Tensor input, int... outputSize) {
        return forwardTransposed(input, outputSize);
    }
}

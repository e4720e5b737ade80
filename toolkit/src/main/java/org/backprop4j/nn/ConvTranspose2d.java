package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * Transposed 2-D convolution (the adjoint of {@link Conv2d}, used to upsample) over {@code [N, C, H, W]}: weight
 * {@code [in, out / groups, kH, kW]}, bias {@code [out]}; output size per dimension
 * {@code (S - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}. Initialized as PyTorch (fan-in from the
 * weight's second dimension).
 */
public class ConvTranspose2d extends ConvNd {
    public ConvTranspose2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT);
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, kernel, kernel, options);
    }

    /** A {@code kernelH x kernelW} kernel (PyTorch's {@code kernel_size=(kH, kW)}). */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelH, int kernelW, ConvOptions options) {
        super("ConvTranspose2d", inChannels, outChannels, new int[] {kernelH, kernelW}, options, true);
    }

    /**
     * PyTorch's {@code forward(input, output_size)}: the output padding that gives {@code outputSize} ({@code [H, W]}
     * or the whole {@code [N, C, H, W]}).
     *
     * @throws IllegalArgumentException if no output padding below the stride gives that size
     */
    public Tensor forward(Tensor input, int... outputSize) {
        return forwardTransposed(input, outputSize);
    }
}

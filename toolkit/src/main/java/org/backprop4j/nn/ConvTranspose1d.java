package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/**
 * Transposed 1-D convolution (the adjoint of {@link Conv1d}, used to upsample) over {@code [N, C, L]}: weight
 * {@code [in, out / groups, k]}, bias {@code [out]}; output length
 * {@code (L - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}. Initialized as PyTorch (fan-in from the
 * weight's second dimension).
 */
public class ConvTranspose1d extends ConvNd {
    public ConvTranspose1d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT);
    }

    public ConvTranspose1d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        super("ConvTranspose1d", inChannels, outChannels, new int[] {kernel}, options, true);
    }

    /**
     * PyTorch's {@code forward(input, output_size)}: the output padding that gives {@code outputSize} ({@code [L]}
     * or the whole {@code [N, C, L]}).
     *
     * @throws IllegalArgumentException if no output padding below the stride gives that size
     */
    public Tensor forward(Tensor input, int... outputSize) {
        return forwardTransposed(input, outputSize);
    }
}

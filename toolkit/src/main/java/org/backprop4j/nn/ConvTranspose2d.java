package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Convolution;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Window;

/**
 * Transposed 2-D convolution (the adjoint of {@link Conv2d}, used to upsample): weight
 * {@code [in, out / groups, kH, kW]}, bias {@code [out]}; output size
 * {@code (H - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}. Initialized as PyTorch (fan-in from
 * the weight's second dimension).
 */
public class ConvTranspose2d extends Module {
    final int inChannels;
    final int outChannels;
    final int kernelH;
    final int kernelW;
    final ConvOptions options;
    final Parameter weight;
    final Parameter bias;

    public ConvTranspose2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT);
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        ConvLayers.check("ConvTranspose2d", inChannels, outChannels, options);
        Check.positive("ConvTranspose2d", "kernel size", kernel);
        if (options.samePadding()) {
            throw new IllegalArgumentException("ConvTranspose2d: padding 'same' is not defined for transposed "
                    + "convolutions");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernel;
        this.kernelW = kernel;
        this.options = options;
        this.weight = new Parameter(Tensor.zeros(inChannels, outChannels / options.groups(), kernel, kernel));
        this.bias = options.bias() ? new Parameter(Tensor.zeros(outChannels)) : null;
        resetParameters(Rng.global());
    }

    @Override
    public void resetParameters(Rng rng) {
        ConvLayers.reset(weight, bias, rng);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, H, W]", 1, inChannels, 4);
        Window k = new Window(kernelH, kernelW, options.strideH(), options.strideW(), options.padH(), options.padW(),
                options.dilationH(), options.dilationW());
        return Convolution.convTranspose2d(input, weight, bias, k, options.outputPadH(), options.outputPadW(),
                options.groups());
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + kernelH + options.describe()
                + (options.outputPadH() != 0 ? ", outputPadding=" + options.outputPadH() : "");
    }
}

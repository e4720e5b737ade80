package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Convolution;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Window;

/**
 * 2-D convolution over {@code [N, C, H, W]} (im2col plus one GEMM per image). Weight {@code [out, in / groups, kH,
 * kW]}, bias {@code [out]}; initialized as PyTorch: uniform on {@code +-1/sqrt(fanIn)}, fanIn = in / groups * kH * kW.
 */
public class Conv2d extends Module {
    final int inChannels;
    final int outChannels;
    final int kernelH;
    final int kernelW;
    final ConvOptions options;
    final Parameter weight;
    final Parameter bias;

    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, kernel, ConvOptions.DEFAULT);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, kernel, kernel, options);
    }

    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, ConvOptions options) {
        ConvLayers.check("Conv2d", inChannels, outChannels, options);
        Check.positive("Conv2d", "kernel size", Math.min(kernelH, kernelW));
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.options = options;
        this.weight = new Parameter(Tensor.zeros(outChannels, inChannels / options.groups(), kernelH, kernelW));
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
        Tensor x = input;
        Window k;
        if (options.samePadding()) {
            x = ConvLayers.padSame(this, x, kernelH, kernelW, options);
            k = new Window(kernelH, kernelW, 1, 1, 0, 0, options.dilationH(), options.dilationW());
        } else {
            k = new Window(kernelH, kernelW, options.strideH(), options.strideW(), options.padH(), options.padW(),
                    options.dilationH(), options.dilationW());
        }
        ConvLayers.checkFits(this, x, k);
        return Convolution.conv2d(x, weight, bias, k, options.groups());
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + (kernelH == kernelW ? "" + kernelH
                : "(" + kernelH + ", " + kernelW + ")") + options.describe();
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Convolution;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * 1-D convolution over {@code [N, C, L]}. Weight {@code [out, in / groups, k]}, bias {@code [out]}; initialized as
 * PyTorch. Only the width settings of {@link ConvOptions} apply.
 */
public class Conv1d extends Module {
    final int inChannels;
    final int outChannels;
    final int kernel;
    final ConvOptions options;
    final Parameter weight;
    final Parameter bias;

    public Conv1d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT);
    }

    public Conv1d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        ConvLayers.check("Conv1d", inChannels, outChannels, options);
        Check.positive("Conv1d", "kernel size", kernel);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.options = options;
        this.weight = new Parameter(Tensor.zeros(outChannels, inChannels / options.groups(), kernel));
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
        Check.layout(describe(), input, "[N, C, L]", 1, inChannels, 3);
        Tensor x = input;
        int padding = options.padW();
        if (options.samePadding()) {
            int total = options.dilationW() * (kernel - 1);
            x = x.pad(new int[] {total / 2, total - total / 2}, 0);
            padding = 0;
        }
        int out = (x.size(2) + 2 * padding - options.dilationW() * (kernel - 1) - 1) / options.strideW() + 1;
        if (out <= 0) {
            throw new IllegalArgumentException(describe() + ": input of shape " + input.shape()
                    + " is shorter than the dilated kernel " + (options.dilationW() * (kernel - 1) + 1));
        }
        return Convolution.conv1d(x, weight, bias, options.strideW(), padding, options.dilationW(), options.groups());
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + kernel + options.describe();
    }
}

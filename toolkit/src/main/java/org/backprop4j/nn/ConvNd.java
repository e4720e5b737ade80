package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.internal.Window3d;
import org.backprop4j.ops.Convolution;
import org.backprop4j.ops.Padding;
import org.backprop4j.tensor.Tensor;

/**
 * What the convolution layers share (PyTorch's {@code _ConvNd}): settings resolved per spatial dimension, the weight
 * ({@code [out, in / groups, *kernel]}, or {@code [in, out / groups, *kernel]} when transposed) and bias,
 * PyTorch's initialization, 'same' padding and the non-zero padding modes, and the dispatch to the im2col path (1-D
 * and 2-D) or the table path (3-D) of {@link Convolution}.
 */
abstract class ConvNd extends Module {
    private static final String[] LAYOUTS = {"", "[N, C, L]", "[N, C, H, W]", "[N, C, D, H, W]"};

    final int inChannels;
    final int outChannels;
    final int[] kernel;
    final ConvOptions options;
    final boolean transposed;
    final int[] stride;
    final int[] padding;
    final int[] dilation;
    final int[] outputPadding;
    final Parameter weight;
    final Parameter bias;

    ConvNd(String layer, int inChannels, int outChannels, int[] kernel, ConvOptions options, boolean transposed) {
        int rank = kernel.length;
        Check.positive(layer, "inChannels", inChannels);
        Check.positive(layer, "outChannels", outChannels);
        if (Arrays.stream(kernel).anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException(layer + ": kernel size must be >= 1, got " + Sizes.tuple(kernel));
        }
        int groups = options.groups();
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(layer + ": inChannels " + inChannels + " and outChannels " + outChannels
                    + " must both be divisible by groups " + groups);
        }
        this.stride = options.resolve(layer, "stride", rank);
        this.padding = options.resolve(layer, "padding", rank);
        this.dilation = options.resolve(layer, "dilation", rank);
        this.outputPadding = options.resolve(layer, "output padding", rank);
        if (options.samePadding() && Arrays.stream(stride).anyMatch(s -> s != 1)) {
            throw new IllegalArgumentException(layer + ": padding 'same' needs stride 1, got stride "
                    + Sizes.joined(stride));
        }
        if (transposed) {
            if (options.samePadding()) {
                throw new IllegalArgumentException(layer + ": padding 'same' is not defined for transposed "
                        + "convolutions");
            }
            if (options.paddingMode() != Padding.Mode.CONSTANT) {
                throw new IllegalArgumentException(layer + ": only zeros padding mode is supported for transposed "
                        + "convolutions, got " + options.paddingMode().torchName());
            }
            for (int a = 0; a < rank; a++) {
                if (outputPadding[a] >= Math.max(stride[a], dilation[a])) {
                    throw new IllegalArgumentException(layer + ": output padding " + Sizes.joined(outputPadding)
                            + " must be smaller than either stride " + Sizes.joined(stride) + " or dilation "
                            + Sizes.joined(dilation));
                }
            }
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.options = options;
        this.transposed = transposed;
        int[] shape = new int[rank + 2];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = (transposed ? outChannels : inChannels) / groups;
        System.arraycopy(kernel, 0, shape, 2, rank);
        this.weight = new Parameter(Tensor.zeros(shape));
        this.bias = options.bias() ? new Parameter(Tensor.zeros(outChannels)) : null;
        resetParameters(Rng.global());
    }

    int rank() {
        return kernel.length;
    }

    /** Kaiming-uniform with a = sqrt 5 (bound 1/sqrt(fanIn)) for the weight, uniform +-1/sqrt(fanIn) for the bias. */
    @Override
    public void resetParameters(Rng rng) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            double bound = 1 / Math.sqrt(Init.fans(weight)[0]);
            Init.uniform(bias, -bound, bound, rng);
        }
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    void checkInput(Tensor input) {
        Check.layout(describe(), input, LAYOUTS[rank()], 1, inChannels, rank() + 2);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        if (transposed) {
            return transposedForward(input, outputPadding);
        }
        int rank = rank();
        Tensor x = input;
        int[] pad = padding;
        int[] pads = null; // F.pad order: (before, after) from the last dimension
        if (options.samePadding()) {
            pads = new int[2 * rank];
            for (int a = 0; a < rank; a++) {
                int total = dilation[a] * (kernel[a] - 1);
                pads[2 * (rank - 1 - a)] = total / 2;
                pads[2 * (rank - 1 - a) + 1] = total - total / 2;
            }
        } else if (options.paddingMode() != Padding.Mode.CONSTANT) {
            pads = new int[2 * rank];
            for (int a = 0; a < rank; a++) {
                pads[2 * (rank - 1 - a)] = padding[a];
                pads[2 * (rank - 1 - a) + 1] = padding[a];
            }
        }
        if (pads != null) {
            x = padded(x, pads);
            pad = new int[rank];
        }
        Window3d k = new Window3d(kernel, stride, pad, dilation);
        int[] out = k.out(volume(x), false);
        if (out[0] <= 0 || out[1] <= 0 || out[2] <= 0) {
            throw new IllegalArgumentException(describe() + ": input of shape " + x.shape() + " is smaller than the "
                    + "kernel (" + k + ")");
        }
        Tensor w = parametrized(weight);
        return switch (rank) {
            case 1 -> Convolution.conv1d(x, w, bias, stride[0], pad[0], dilation[0], options.groups());
            case 2 -> Convolution.conv2d(x, w, bias, new Window(kernel[0], kernel[1], stride[0], stride[1], pad[0],
                    pad[1], dilation[0], dilation[1]), options.groups());
            default -> Convolution.conv(x, w, bias, k, options.groups());
        };
    }

    private Tensor padded(Tensor x, int[] pads) {
        if (options.paddingMode() == Padding.Mode.CONSTANT) {
            return Arrays.stream(pads).allMatch(p -> p == 0) ? x : x.pad(pads, 0);
        }
        try {
            return Padding.pad(x, pads, options.paddingMode(), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    /** The input's spatial sizes right-aligned into {@code [D, H, W]}. */
    private int[] volume(Tensor x) {
        int[] v = {1, 1, 1};
        for (int a = 0; a < rank(); a++) {
            v[3 - rank() + a] = x.size(2 + a);
        }
        return v;
    }

    /**
     * A transposed convolution whose output has exactly {@code outputSize} (the spatial sizes, or the whole shape),
     * PyTorch's {@code forward(input, output_size)}: it picks the output padding that gives that size.
     *
     * @throws IllegalArgumentException if the size cannot be reached with this stride
     */
    Tensor forwardTransposed(Tensor input, int... outputSize) {
        checkInput(input);
        int rank = rank();
        int[] size = outputSize.length == rank + 2 ? Arrays.copyOfRange(outputSize, 2, outputSize.length)
                : outputSize;
        if (size.length != rank) {
            throw new IllegalArgumentException(describe() + ": for a " + (rank + 2) + "-D input, the output size must "
                    + "have " + rank + " or " + (rank + 2) + " elements, got " + Arrays.toString(outputSize));
        }
        int[] extra = new int[rank];
        for (int a = 0; a < rank; a++) {
            int min = (input.size(2 + a) - 1) * stride[a] - 2 * padding[a] + dilation[a] * (kernel[a] - 1) + 1;
            int max = min + stride[a] - 1;
            if (size[a] < min || size[a] > max) {
                throw new IllegalArgumentException(describe() + ": requested an output size of "
                        + Arrays.toString(size) + ", but valid sizes of dimension " + (2 + a) + " range from " + min
                        + " to " + max + " (for an input of shape " + input.shape() + ")");
            }
            extra[a] = size[a] - min;
        }
        return transposedForward(input, extra);
    }

    private Tensor transposedForward(Tensor input, int[] extra) {
        Tensor w = parametrized(weight);
        int rank = rank();
        Window3d k = new Window3d(kernel, stride, padding, dilation);
        for (int a = 0; a < rank; a++) {
            int size = (input.size(2 + a) - 1) * stride[a] - 2 * padding[a] + dilation[a] * (kernel[a] - 1)
                    + extra[a] + 1;
            if (size <= 0) {
                throw new IllegalArgumentException(describe() + ": input of shape " + input.shape() + " gives an "
                        + "empty output with " + k);
            }
        }
        if (rank == 2) {
            return Convolution.convTranspose2d(input, w, bias, new Window(kernel[0], kernel[1], stride[0], stride[1],
                    padding[0], padding[1], dilation[0], dilation[1]), extra[0], extra[1], options.groups());
        }
        return Convolution.convTranspose(input, w, bias, k, extra, options.groups());
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + Sizes.compact(kernel) + options.describe(transposed);
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.internal.Window;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.Window;

/** What the convolution layers share: argument checks, PyTorch's initialization, 'same' padding. */
final class ConvLayers {
    private ConvLayers() {
    }

    static void check(String layer, int in, int out, ConvOptions options) {
        Check.positive(layer, "inChannels", in);
        Check.positive(layer, "outChannels", out);
        if (in % options.groups() != 0 || out % options.groups() != 0) {
            throw new IllegalArgumentException(layer + ": inChannels " + in + " and outChannels " + out
                    + " must both be divisible by groups " + options.groups());
        }
        if (options.samePadding() && (options.strideH() != 1 || options.strideW() != 1)) {
            throw new IllegalArgumentException(layer + ": padding 'same' needs stride 1, got stride "
                    + options.strideH() + "x" + options.strideW());
        }
    }

    /** Kaiming-uniform with a = sqrt 5 (bound 1/sqrt(fanIn)) for the weight, uniform +-1/sqrt(fanIn) for the bias. */
    static void reset(Tensor weight, Tensor bias, Rng rng) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            double bound = 1 / Math.sqrt(Init.fans(weight)[0]);
            Init.uniform(bias, -bound, bound, rng);
        }
    }

    /** Pads the last two dimensions so that a stride-1 convolution keeps their size (extra element after). */
    static Tensor padSame(Module m, Tensor x, int kernelH, int kernelW, ConvOptions o) {
        int th = o.dilationH() * (kernelH - 1);
        int tw = o.dilationW() * (kernelW - 1);
        if (th == 0 && tw == 0) {
            return x;
        }
        return x.pad(new int[] {tw / 2, tw - tw / 2, th / 2, th - th / 2}, 0);
    }

    static void checkFits(Module m, Tensor x, Window k) {
        if (k.outHeight(x.size(-2)) <= 0 || k.outWidth(x.size(-1)) <= 0) {
            throw new IllegalArgumentException(m.describe() + ": input of shape " + x.shape()
                    + " is smaller than the kernel (" + k + ")");
        }
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.LinAlg;
import org.backprop4j.tensor.Tensor;

/**
 * {@code y = x W^T + b}. Shapes: input {@code [*, in]}, weight {@code [out, in]}, bias {@code [out]}, output
 * {@code [*, out]}. Initialized as PyTorch's: weight and bias uniform on {@code +-1/sqrt(in)}.
 */
public class Linear extends Module {
    final int inFeatures;
    final int outFeatures;
    final Parameter weight;
    final Parameter bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        Check.positive("Linear", "inFeatures", inFeatures);
        Check.positive("Linear", "outFeatures", outFeatures);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = new Parameter(Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? new Parameter(Tensor.zeros(outFeatures)) : null;
        resetParameters(Rng.global());
    }

    @Override
    public void resetParameters(Rng rng) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            double bound = 1 / Math.sqrt(inFeatures);
            Init.uniform(bias, -bound, bound, rng);
        }
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.lastDim(describe(), input, inFeatures, "inFeatures");
        return LinAlg.linear(input, parametrized(weight), bias);
    }

    @Override
    protected String extraRepr() {
        return "inFeatures=" + inFeatures + ", outFeatures=" + outFeatures + ", bias=" + (bias != null);
    }
}

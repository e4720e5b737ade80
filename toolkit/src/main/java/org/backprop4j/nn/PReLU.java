package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Parametric ReLU (He et al., 2015), as PyTorch's {@code nn.PReLU}: {@code x} for positive x, {@code a x} otherwise,
 * with a learnt slope {@code weight [numParameters]}: one for all channels (default), or one per channel (channels at
 * dimension 1 of the input). Every slope starts at {@code init} (0.25).
 *
 * {@snippet file="NnSnippets.java" region="prelu"}
 */
public class PReLU extends Module {
    final int numParameters;
    final double init;
    final Parameter weight;

    public PReLU() {
        this(1, 0.25);
    }

    /** @throws IllegalArgumentException if {@code numParameters} is not positive */
    public PReLU(int numParameters, double init) {
        Check.positive("PReLU", "numParameters", numParameters);
        this.numParameters = numParameters;
        this.init = init;
        this.weight = new Parameter(Tensor.zeros(numParameters));
        resetParameters(Rng.global());
    }

    @Override
    public void resetParameters(Rng rng) {
        Init.constant(weight, init);
    }

    public Parameter weight() {
        return weight;
    }

    /** @throws IllegalArgumentException if the input has other than 1 or {@code numParameters} channels */
    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> input.prelu(weight));
    }

    @Override
    protected String extraRepr() {
        return "numParameters=" + numParameters;
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Activations;
import org.backprop4j.tensor.Tensor;

/**
 * Randomized leaky ReLU (Xu et al., 2015), as PyTorch's {@code nn.RReLU}: in training each non-positive element is
 * multiplied by a slope drawn uniformly from {@code [lower, upper]} (defaults 1/8 and 1/3); in evaluation by their
 * mean. The slopes come from the given {@link Rng} (default: the global one), so runs reproduce.
 *
 * {@snippet file="NnSnippets.java" region="rrelu"}
 */
public class RReLU extends Module {
    final double lower;
    final double upper;
    final Rng rng;

    public RReLU() {
        this(1.0 / 8, 1.0 / 3, null);
    }

    public RReLU(double lower, double upper) {
        this(lower, upper, null);
    }

    /**
     * With its own generator ({@code null}: the global one).
     *
     * @throws IllegalArgumentException if {@code lower > upper} or a bound is not finite
     */
    public RReLU(double lower, double upper, Rng rng) {
        Check.finite("RReLU", "lower", lower);
        Check.finite("RReLU", "upper", upper);
        Check.require(lower <= upper, "RReLU", () -> "lower bound " + lower + " must not exceed the upper bound "
                + upper);
        this.lower = lower;
        this.upper = upper;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor input) {
        return LayerErrors.named(this, () -> Activations.rrelu(input, lower, upper, isTraining(),
                rng == null ? Rng.global() : rng));
    }

    @Override
    protected String extraRepr() {
        return "lower=" + lower + ", upper=" + upper;
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Zeroes each element with probability {@code p} in training and scales the rest by {@code 1 / (1 - p)}
 * (Srivastava et al., 2014); the identity in evaluation. Masks come from the given {@link Rng} (default: the
 * global one), so runs reproduce.
 */
public class Dropout extends Module {
    final double p;
    final Rng rng;

    public Dropout(double p) {
        this(p, null);
    }

    /** With its own generator ({@code null}: the global one). */
    public Dropout(double p, Rng rng) {
        Check.closedUnitInterval("Dropout", "p", p);
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0);
        }
        Tensor keep = Tensor.rand(rng == null ? Rng.global() : rng, DType.FLOAT64, maskShape(input)).ge(p);
        return input.mul(keep.to(input.dtype())).div(1 - p);
    }

    /** The shape of the mask: the input's (one decision per element). */
    int[] maskShape(Tensor input) {
        return input.shape().toArray();
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Dropouts;
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
        Check.closedUnitInterval(getClass().getSimpleName(), "p", p);
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
        if (getClass() == Dropout.class) {
            return Dropouts.dropout(input, p, rng); // one op, the same values as the composite below
        }
        Tensor keep = Tensor.rand(rng == null ? Rng.global() : rng, DType.FLOAT64, maskShape(input)).ge(p);
        return applyMask(input, keep.to(input.dtype()));
    }

    /** The output for the 0/1 mask {@code keep} (broadcast over the input): the kept elements scaled. */
    Tensor applyMask(Tensor input, Tensor keep) {
        return input.mul(keep).div(1 - p);
    }

    /** The shape of the mask: the input's (one decision per element). */
    int[] maskShape(Tensor input) {
        return input.shape().toArray();
    }

    /**
     * The mask shape of channel-wise dropout: the input's sizes up to the channel dimension (the last of the first
     * {@code lead} dimensions), 1 for the rest.
     */
    static int[] channelMask(Tensor input, int lead) {
        int[] shape = input.shape().toArray();
        java.util.Arrays.fill(shape, lead, shape.length, 1);
        return shape;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}

package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * Dropout that keeps the mean and variance of its input, for self-normalizing networks with {@link SELU}
 * (Klambauer et al., 2017): in training each element is dropped with probability {@code p} to SELU's negative
 * saturation {@code -alpha'} ({@code alpha' = 1.7580993408473766}, SELU's scale times its alpha), then the result
 * is mapped by {@code a x + b} with {@code a = 1 / sqrt((alpha'^2 p + 1)(1 - p))} and {@code b = alpha' a p}, so that
 * zero mean and unit variance stay so. The identity in evaluation; zeros for {@code p = 1}, as in PyTorch. The
 * gradient is {@code a} where kept and 0 where dropped.
 *
 * {@snippet file="ContainerSnippets.java" region="alphaDropout"}
 */
public class AlphaDropout extends Dropout {
    /** SELU's scale times its alpha: the value SELU tends to for large negative inputs, negated. */
    static final double ALPHA = 1.7580993408473766;

    public AlphaDropout(double p) {
        this(p, null);
    }

    /** With its own generator ({@code null}: the global one). */
    public AlphaDropout(double p, Rng rng) {
        super(p, rng);
    }

    /** PyTorch's order of operations: {@code x (keep a) + ((keep - 1) alpha' a + alpha' a p)}. */
    @Override
    Tensor applyMask(Tensor input, Tensor keep) {
        double a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
        Tensor b = keep.sub(1).mul(ALPHA * a).add(ALPHA * a * p);
        return input.mul(keep.mul(a)).add(b);
    }
}

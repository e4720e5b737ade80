package org.backprop4j.nn;

import java.util.Objects;

import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * Straight-through estimators (Bengio, Leonard and Courville, "Estimating or propagating gradients through stochastic
 * neurons for conditional computation", 2013): a step function in the forward pass, whose derivative is zero almost
 * everywhere, takes the gradient of a smooth surrogate in the backward pass. Each is PyTorch's idiom
 * {@code soft + (hard - soft).detach()}, recorded as one op so that the value is exactly {@code hard} (the idiom can
 * be an ulp off): its value is {@code hard}, its gradient (of any order) is {@code soft}'s.
 *
 * {@snippet file="TechniqueSnippets.java" region="straightThrough"}
 */
public final class StraightThrough {
    private StraightThrough() {
    }

    /**
     * The value of {@code hard} with the gradient of {@code soft}: {@code soft + (hard - soft).detach()}.
     *
     * @throws IllegalArgumentException if the shapes or dtypes differ
     */
    public static Tensor estimator(Tensor hard, Tensor soft) {
        Objects.requireNonNull(hard, "StraightThrough.estimator: hard");
        Objects.requireNonNull(soft, "StraightThrough.estimator: soft");
        if (!hard.shape().equals(soft.shape()) || hard.dtype() != soft.dtype()) {
            throw new IllegalArgumentException("StraightThrough.estimator: hard is " + hard.shape() + " " + hard.dtype()
                    + " and soft " + soft.shape() + " " + soft.dtype() + "; shapes and dtypes must be equal");
        }
        return Graph.record("straightThrough", hard.detach().clone(), new Tensor[] {soft}, (g, ctx) -> new Tensor[] {g});
    }

    /** {@code sign(x)} (-1, 0 or +1) forward; gradient the identity, {@code d/dx = 1}. */
    public static Tensor sign(Tensor x) {
        return estimator(hard(x).sign(), x);
    }

    /**
     * {@code +1} where {@code x >= 0}, else {@code -1}, forward; gradient {@code 1} where {@code |x| <= 1} and
     * {@code 0} elsewhere, the clipped identity of binarized networks (Courbariaux et al., "BinaryConnect", 2015;
     * Hubara et al., "Binarized neural networks", 2016): the surrogate is {@code clamp(x, -1, 1)}.
     */
    public static Tensor binarize(Tensor x) {
        Tensor h = hard(x);
        try (Scope _ = GradMode.noGrad()) {
            h = h.ge(0).to(x.dtype()).mul(2).sub(1);
        }
        return estimator(h, x.clamp(-1, 1));
    }

    /** {@code x} rounded to the nearest integer (ties to even) forward; gradient the identity (quantization-aware training). */
    public static Tensor round(Tensor x) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.rint(v[i]);
        }
        return estimator(Tensor.of(x.dtype(), v).reshape(x.shape().toArray()), x);
    }

    private static Tensor hard(Tensor x) {
        Objects.requireNonNull(x, "StraightThrough: x");
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("StraightThrough: the input must be floating, got " + x.dtype());
        }
        return x.detach();
    }
}

package org.backprop4j.nn;

import java.util.Objects;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * The Gumbel-softmax (concrete) relaxation of sampling from a categorical distribution (Jang, Gu and Poole,
 * "Categorical reparameterization with Gumbel-softmax", ICLR 2017; Maddison, Mnih and Teh, "The concrete
 * distribution", ICLR 2017), PyTorch's {@code F.gumbel_softmax}:
 * {@code y = softmax((logits + g) / tau)} with Gumbel noise {@code g = -log(-log u)}, {@code u} uniform on (0, 1).
 * As {@code tau -> 0} the samples approach one-hot vectors distributed as {@code softmax(logits)}; their gradient with
 * respect to the logits exists for every {@code tau > 0}. The hard variant returns the one-hot
 * {@code argmax y} with {@code y}'s gradient (a straight-through estimator).
 *
 * {@snippet file="TechniqueSnippets.java" region="gumbelSoftmax"}
 */
public final class GumbelSoftmax {
    private GumbelSoftmax() {
    }

    /**
     * Standard Gumbel noise {@code -log(-log u)} of {@code logits}' shape and dtype, drawn from {@code rng} in float64
     * (u kept away from 0, so every value is finite).
     */
    public static Tensor noise(Rng rng, Tensor like) {
        Objects.requireNonNull(rng, "GumbelSoftmax: rng");
        try (Scope _ = GradMode.noGrad()) {
            Tensor u = Tensor.rand(rng, DType.FLOAT64, like.shape().toArray()).clamp(Double.MIN_NORMAL, 1);
            return u.log().neg().log().neg().to(like.dtype());
        }
    }

    /**
     * One relaxed sample per slice along {@code dim}.
     *
     * @param logits unnormalized log-probabilities, any shape
     * @param tau    temperature, positive
     * @param hard   return one-hot vectors ({@code y_hard - y.detach() + y}) instead of the soft sample
     * @param dim    the categories' dimension; negative counts from the end
     * @param rng    draws the noise
     * @return a tensor of {@code logits}' shape whose slices along {@code dim} sum to 1
     * @throws IllegalArgumentException if {@code tau} is not positive and finite, or {@code logits} is not floating
     */
    public static Tensor sample(Tensor logits, double tau, boolean hard, int dim, Rng rng) {
        Objects.requireNonNull(logits, "GumbelSoftmax.sample: logits");
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("GumbelSoftmax.sample: tau must be positive and finite, got " + tau);
        }
        if (!logits.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("GumbelSoftmax.sample: logits must be floating, got " + logits.dtype());
        }
        Tensor y = logits.add(noise(rng, logits)).div(tau).softmax(dim);
        if (!hard) {
            return y;
        }
        Tensor oneHot;
        try (Scope _ = GradMode.noGrad()) {
            int d = dim < 0 ? dim + logits.dim() : dim;
            Tensor index = y.argmax(d, true);
            oneHot = Tensor.zerosLike(y).scatterAdd(d, index, Tensor.ones(y.dtype(), index.shape().toArray()));
        }
        return StraightThrough.estimator(oneHot, y);
    }
}

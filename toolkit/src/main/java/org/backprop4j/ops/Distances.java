package org.backprop4j.ops;

import org.backprop4j.array.Shape;
import org.backprop4j.array.internal.Broadcast;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Similarities and distances between batches of vectors, as PyTorch's {@code F.cosine_similarity} and
 * {@code F.pairwise_distance}, written from primitives (so gradients and gradients of gradients follow). Operands
 * broadcast (NumPy rules).
 */
public final class Distances {
    private Distances() {
    }

    /**
     * {@code sum(x1 / max(||x1||, eps) * x2 / max(||x2||, eps))} along {@code dim} of the broadcast operands (PyTorch
     * 1.13's formula: each norm clamped on its own). Below {@code eps} a norm counts as {@code eps} and its gradient
     * as {@code x / eps}, which is what PyTorch's in-place clamp of the norm gives.
     *
     * @throws IllegalArgumentException if the operands do not broadcast, or {@code dim} or {@code eps} is invalid
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        String op = "cosineSimilarity";
        Check.sameFloating(op, x1, x2);
        Check.positive(op, "eps", eps);
        Shape s = Broadcast.shape(op, x1.shape(), x2.shape());
        int d = Check.dim(op, dim, s.rank());
        Tensor a = x1.expand(s.toArray());
        Tensor b = x2.expand(s.toArray());
        return a.div(clampedNorm(a, d, eps)).mul(b.div(clampedNorm(b, d, eps))).sum(d);
    }

    private static Tensor clampedNorm(Tensor x, int d, double eps) {
        Tensor norm = x.norm(2, new int[] {d}, true);
        Tensor half = x.square().sum(d, true).div(2 * eps);
        // value exactly eps, gradient d(|x|^2 / (2 eps)) = x / eps
        Tensor floor = half.sub(half.detach()).add(eps);
        return Tensor.where(norm.lt(eps), floor, norm);
    }

    /**
     * {@code ||x1 - x2 + eps||_p} along the last dimension of the broadcast operands (kept with {@code keepDim}), as
     * PyTorch's {@code F.pairwise_distance}; {@code p} is any positive number or {@code Double.POSITIVE_INFINITY}.
     *
     * @throws IllegalArgumentException if the operands do not broadcast or {@code p} is not positive
     */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepDim) {
        String op = "pairwiseDistance";
        Check.sameFloating(op, x1, x2);
        Check.require(p > 0, op, () -> "p must be > 0 (or infinity), got " + p);
        Check.finite(op, "eps", eps);
        Shape s = Broadcast.shape(op, x1.shape(), x2.shape());
        return x1.sub(x2).add(eps).norm(p, new int[] {Math.max(s.rank(), 1) - 1}, keepDim);
    }
}
